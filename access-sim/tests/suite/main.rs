//! The `access-sim` binary, driven as a user drives it: started as a process,
//! called over plain HTTP (no SDK), stopped with a signal.
#![cfg(unix)]

mod cli;
mod control;
mod examples_live;
mod process;
mod state;
mod wire;
