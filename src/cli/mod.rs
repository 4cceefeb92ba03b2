//! Command-line front end. Exit codes, for every subcommand: 0 success, 1 the check ran and found
//! a problem (a predicted failure, a verification failure), 2 bad input or usage.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod c14n;
mod contract;
mod demo;
mod explain;
mod inspect;
mod protect;

/// soapsec: message-level SOAP security with per-operation protection levels.
#[derive(Debug, Parser)]
#[command(name = "soapsec", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Resolve and check service contracts against bindings.
    #[command(subcommand)]
    Contract(contract::ContractCommand),
    /// Write the canonical form (C14N 1.0 or exclusive C14N) of a document, an element, or the Body.
    C14n(c14n::C14nArgs),
    /// The seed's mismatch end to end: a client and a service in one process with real
    /// crypto and the test PKI, the static prediction and the run side by side. Exits 0 when
    /// every run matched its prediction.
    Demo(demo::DemoArgs),
    /// Secure a SOAP envelope as the contract requires (sign, encrypt, timestamp) and write
    /// it to standard output.
    Protect(protect::ProtectArgs),
    /// Show what a SOAP message claims (no keys), what it proves (with keys), and what a
    /// contract demands of it. Exits 1 when a check fails or the receiver would refuse it.
    Inspect(inspect::InspectArgs),
    /// Explain an error: what it means, its usual causes and how to fix it. Takes a code
    /// (`pipeline/PartNotEncrypted`), a variant name, a WCF resource key or a pasted message.
    Explain(explain::ExplainArgs),
    /// Verify a secured SOAP message against the contract; print the caller and each part's
    /// protection. Exits 1 with WCF's text when the message is refused.
    Verify(protect::VerifyArgs),
}

/// Exit code: success.
pub(crate) const EXIT_OK: u8 = 0;
/// Exit code: the command ran and found a problem.
pub(crate) const EXIT_FAILURE: u8 = 1;
/// Exit code: bad input or usage.
pub(crate) const EXIT_BAD_INPUT: u8 = 2;

pub(crate) fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_BAD_INPUT
            } else {
                EXIT_OK
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let code = match cli.command {
        Command::Contract(cmd) => contract::run(cmd),
        Command::C14n(args) => c14n::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Protect(args) => protect::run_protect(args),
        Command::Verify(args) => protect::run_verify(args),
        Command::Inspect(args) => inspect::run(args),
        Command::Explain(args) => explain::run(args),
    };
    ExitCode::from(code)
}

/// The `soapsec explain` text for an error code (the entry, or a hint when there is none).
pub(crate) fn explain_text(code: &str) -> String {
    explain::entry_text(code)
}
