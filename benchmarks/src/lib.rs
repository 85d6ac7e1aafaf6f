//! Shared fixtures of the benchmarks (servers and data sets on loopback).
