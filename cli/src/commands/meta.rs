//! `stroom completions` and `stroom man`: about the tool itself, so they need no database,
//! calendars or settings.

use std::io::Write as _;

use anyhow::Result;
use stroom_render::cli::{Note, Problem};
use stroom_render::Lang;

use crate::args::{command_in, Command, Format};

/// Runs `completions` or `man` in `lang` (the descriptions of commands and options);
/// `None` for every other command. They write a script and a manual, never JSON: another
/// `--format` than human is refused.
pub fn run(cmd: &Command, format: Format, lang: Lang) -> Option<Result<()>> {
    let name = match cmd {
        Command::Completions(_) => "completions",
        Command::Man(_) => "man",
        _ => return None,
    };
    if let Err(e) = crate::output::check_format(name, format, &[Format::Human]) {
        return Some(Err(e.into()));
    }
    match cmd {
        Command::Completions(args) => Some(completions(args.shell, lang)),
        Command::Man(args) => Some(man(args.dir.as_deref(), lang)),
        _ => None,
    }
}

fn completions(shell: clap_complete::Shell, lang: Lang) -> Result<()> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut command_in(lang), "stroom", &mut buf);
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&buf)?;
    stdout.flush()?;
    Ok(())
}

fn man(dir: Option<&std::path::Path>, lang: Lang) -> Result<()> {
    match dir {
        Some(dir) => {
            let path = dir.display().to_string();
            std::fs::create_dir_all(dir).map_err(|e| Problem::CannotCreateFolder {
                path: path.clone(),
                error: (&e).into(),
            })?;
            clap_mangen::generate_to(command_in(lang), dir).map_err(|e| Problem::CannotWrite {
                path: path.clone(),
                error: (&e).into(),
            })?;
            crate::render::say(lang, &Note::ManualWritten { dir: path });
            Ok(())
        }
        None => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(command_in(lang)).render(&mut buf)?;
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&buf)?;
            stdout.flush()?;
            Ok(())
        }
    }
}
