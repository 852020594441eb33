//! Planner, simulator and portfolio benchmarks (filled in by the planner bench work).
fn main() {}
