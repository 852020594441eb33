//! Links the unwinder statically on Linux with glibc (libgcc_eh instead of libgcc_s.so).
//!
//! A command of stroom lives a few milliseconds. Loading libgcc_s.so costs the dynamic loader
//! one more library to map and bind, and libgcc_s's start-up asks the CPU for its features
//! twelve times (`__cpu_indicator_init`); on a virtual machine each of those CPUID
//! instructions is a trip to the hypervisor, about 15–25 µs here. Rust needs the library only
//! for unwinding panics, which libgcc_eh.a (shipped with gcc, as libgcc_s is) does as well.
//! Named here, it comes before the `-lgcc_s` that std asks for, so the linker takes the
//! unwinder from it and, linking `--as-needed`, drops libgcc_s.so. The C library stays
//! shared: the fault-injection tests interpose its calls with LD_PRELOAD, and its
//! name-service modules keep working. DESIGN.md, Speed ("Why does stroom not load
//! libgcc_s?"), has the figures.
fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-lib=static=gcc_eh");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
