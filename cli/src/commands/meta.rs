//! `stroom completions` and `stroom man`: about the tool itself, so they need no database,
//! calendars or settings.

use std::io::Write as _;

use anyhow::{Context as _, Result};

use crate::args::{command, Command};

/// Runs `completions` or `man`; `None` for every other command.
pub fn run(cmd: &Command) -> Option<Result<()>> {
    match cmd {
        Command::Completions(args) => Some(completions(args.shell)),
        Command::Man(args) => Some(man(args.dir.as_deref())),
        _ => None,
    }
}

fn completions(shell: clap_complete::Shell) -> Result<()> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut command(), "stroom", &mut buf);
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&buf)?;
    stdout.flush()?;
    Ok(())
}

fn man(dir: Option<&std::path::Path>) -> Result<()> {
    match dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the directory '{}'", dir.display()))?;
            clap_mangen::generate_to(command(), dir).with_context(|| {
                format!("cannot write the manual pages into '{}'", dir.display())
            })?;
            crate::render::note(&format!("wrote the manual pages into {}", dir.display()));
            Ok(())
        }
        None => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(command()).render(&mut buf)?;
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&buf)?;
            stdout.flush()?;
            Ok(())
        }
    }
}
