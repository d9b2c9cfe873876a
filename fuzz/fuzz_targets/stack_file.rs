//! Arbitrary bytes as a stack file (YAML and JSON): load, synth, render; no panic, no hang,
//! bounded memory, and the invariants of `fuzz_entry`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = apigw_synth::stack_file::fuzz_entry(data) {
        panic!("{broken}");
    }
});
