use clap::Args;
#[derive(Debug, Args)]
pub(crate) struct C14nArgs {}
pub(crate) fn run(_a: C14nArgs) -> u8 { super::EXIT_BAD_INPUT }
