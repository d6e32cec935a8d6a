//! The `negsim` command: a thin layer over the library. Parses the command
//! line (`cli/args.rs`), runs the command (`cli/`), prints errors as one
//! line and exits 2 on bad input.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match cli::parse() {
        Ok(args) => args,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match cli::dispatch(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // A closed pipe (`negsim trace ... | head`) is not an error.
            if let Some(io) = e.downcast_ref::<std::io::Error>()
                && io.kind() == std::io::ErrorKind::BrokenPipe
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {e}");
            let user = e.downcast_ref::<negsim::Error>().is_some();
            ExitCode::from(if user { 2 } else { 1 })
        }
    }
}
