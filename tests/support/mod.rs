//! Shared machinery of the browser tests: building the site with Trunk,
//! serving it under a subpath, and driving headless Chromium over WebDriver.
#![allow(dead_code)] // each test binary uses a different part

pub mod cli;
pub mod server;
pub mod site;
pub mod webdriver;
