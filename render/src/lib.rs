//! # stroom-render
//!
//! The files people take away from stroom, made from the engine's plain data: iCalendar
//! ([`ics`]), the timeline picture ([`timeline`], SVG) and the one-page report ([`html`]), with
//! dates and labels in English or Dutch ([`lang`], [`labels`]). Pure functions from data to
//! text: the CLI writes what they return, and `stroom serve`'s web UI calls the same ones.
#![deny(missing_docs)]

pub mod audit;
pub mod checks;
pub mod cli;
pub mod client;
pub mod help;
pub mod html;
pub mod ics;
pub mod labels;
pub mod lang;
pub mod messages;
pub mod model;
pub mod reports;
pub mod schedule;
pub mod server;
pub mod text;
pub mod timeline;

pub use lang::Lang;
