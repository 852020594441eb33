//! Links the release `stroom` as a position-dependent executable (`-no-pie`).
//!
//! Why: a position-independent `stroom` carries about 50,000 relative relocations (clap's
//! and serde's tables of pointers), which the dynamic loader applies at every start: about
//! 0.65 M instructions and some 330 page faults (the pages it writes), a quarter of what
//! `stroom --version` costs. Linked at a fixed address, there is nothing to relocate
//! (DESIGN.md, Speed: `scripts/bench-plan`). The price: the executable's own code and data
//! sit at the same address in every run (shared libraries and the stack are still
//! randomised). Debug builds (tests) keep the platform's default.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let release = std::env::var("PROFILE").is_ok_and(|p| p == "release");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    if release && linux {
        println!("cargo:rustc-link-arg-bin=stroom=-no-pie");
    }
}
