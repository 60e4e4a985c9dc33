//! Data written by `convot seed`: the demo organizations (`demo`, with Globex and the Shopify
//! history beside it) and the large benchmark dataset (`bench`).
pub mod bench;
pub mod data;
pub mod demo;
pub mod duplicates;
mod globex;
mod notes;
mod rows;
mod shopify;
