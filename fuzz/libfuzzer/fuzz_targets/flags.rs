#![no_main]
//! The `flags` target of stroom-fuzz (fuzz/src/lib.rs), coverage-guided.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    stroom_fuzz::run("flags", data);
});
