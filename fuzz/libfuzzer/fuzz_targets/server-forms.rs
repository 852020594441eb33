#![no_main]
//! The `server-forms` target of stroom-fuzz (fuzz/src/lib.rs), coverage-guided.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    stroom_fuzz::run("server-forms", data);
});
