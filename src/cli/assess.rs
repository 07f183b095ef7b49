//! `cooldown assess`: screening assessments for hiring managers.

use std::path::PathBuf;
use std::process::ExitCode;

use std::sync::Arc;

use cooldown::app::{self, assess};
use cooldown::engine::Mode;
use cooldown::store::{Keeping, Location};
use cooldown::terminal::{render, Finish, Style};

use super::{adding_to, reading, warn_about, Failure};

#[derive(clap::Subcommand)]
pub enum AssessCommand {
    /// Delete the candidates whose retention period is over: lists them, deletes with --yes.
    Purge {
        /// The assessment file.
        file: PathBuf,
        /// Delete them (without it, only say who would be deleted).
        #[arg(long)]
        yes: bool,
    },
    /// Adverse impact at the cut score, by a self-identification question: selection rates,
    /// impact ratios, the four-fifths flag, Fisher's exact test.
    Impact {
        /// The assessment file.
        file: PathBuf,
        /// The self-identification question to group by (a `field` of the assessment's).
        #[arg(long, value_name = "FIELD")]
        by: String,
        /// Write the figures as an HTML page too.
        #[arg(long, value_name = "FILE.html")]
        out: Option<PathBuf>,
    },
    /// The candidates ranked: pass or fail at the cut score, band, the four dimensions.
    Results {
        /// The assessment file.
        file: PathBuf,
        /// Write the ranking and the distribution of scores as an HTML page.
        #[arg(long, value_name = "FILE.html")]
        out: Option<PathBuf>,
        /// Write the ranking as CSV.
        #[arg(long, value_name = "FILE.csv")]
        csv: Option<PathBuf>,
    },
    /// Seal a finished assessment's result with the organisation's key (see `cooldown keys init`).
    Seal {
        /// The candidate's invitation code.
        code: String,
        /// Where to write the sealed result (default: results/ in the data folder).
        #[arg(long, value_name = "FILE.json")]
        out: Option<PathBuf>,
    },
    /// Sit an assessment you were invited to, in the terminal (asks for your code).
    Sit {
        /// Your invitation code (asked for when left out).
        #[arg(long)]
        code: Option<String>,
        /// The microphone for spoken answers (see `cooldown devices`).
        #[arg(long, value_name = "NAME")]
        device: Option<String>,
    },
    /// Give each candidate on a list a one-time code for the assessment.
    Invite {
        /// The assessment file (e.g. assessments/support-agent.ron).
        file: PathBuf,
        /// A CSV of candidates: a `name` column, and optionally `external_id` (the applicant
        /// tracking system's id) and `extra_time` (a factor the assessment allows).
        #[arg(long, value_name = "FILE.csv")]
        candidates: PathBuf,
        /// Write the codes to send here (name, external_id, code, extra_time).
        #[arg(long, value_name = "FILE.csv")]
        out: Option<PathBuf>,
    },
}

pub fn run(db: &Location, command: &AssessCommand) -> Result<ExitCode, Failure> {
    match command {
        AssessCommand::Sit { code, device } => sit(db, code.as_deref(), device.clone()),
        AssessCommand::Results { file, out, csv } => results(db, file, out.as_deref(), csv.as_deref()),
        AssessCommand::Impact { file, by, out } => impact(db, file, by, out.as_deref()),
        AssessCommand::Purge { file, yes } => purge(db, file, *yes),
        AssessCommand::Seal { code, out } => {
            let store = reading(db)?;
            let code = cooldown::assessment::code::normalise(code).ok_or_else(|| format!("`{code}` is not an invitation code"))?;
            let key = app::keys::signing(&app::keys::dir())?;
            let path = assess::seal_into(&store, &code, &key, &assess::results_dir(), out.as_deref())?;
            println!("Sealed the result of {code} in {}; `cooldown verify {}` checks it.", path.display(), path.display());
            Ok(ExitCode::SUCCESS)
        }
        AssessCommand::Invite { file, candidates, out } => {
            let loaded = assess::open(file).map_err(|findings| {
                let color = Style::for_stdout().color;
                let mut text: String = findings.iter().map(|d| d.render(color)).collect();
                text.push_str(&format!("error: {} has errors; fix them (see `cooldown lint {}`) before inviting\n", file.display(), file.display()));
                Failure::Rendered(text)
            })?;
            let list = assess::read_candidates(candidates, &loaded)?;
            let store = app::results::for_keeping(db)?;
            warn_about(&store);
            let invited = assess::invite(&store, &loaded, &list)?;
            for i in &invited {
                let inv = &i.invitation;
                let again = if i.again { "  (already invited: the same code)" } else { "" };
                println!("{}  {}{again}", inv.code, inv.person.name);
            }
            let new = invited.iter().filter(|i| !i.again).count();
            println!("{new} candidate(s) invited to {} ({} already were), kept in {}.", loaded.assessment.id, invited.len() - new, store.location());
            if let Some(out) = out {
                assess::write_codes(out, &invited).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
                println!("Codes written to {}: send each candidate theirs; it works once.", out.display());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A candidate sits their assessment in the terminal: code, notice, then every call in order,
/// picking up where they stopped if they were interrupted.
fn sit(db: &Location, code: Option<&str>, device: Option<String>) -> Result<ExitCode, Failure> {
    let store = adding_to(db)?;
    let mut player = super::play::stdin_player();
    let typed = match code {
        Some(c) => c.to_string(),
        None => match player.ask_line("Your invitation code:")? {
            Some(c) => c,
            None => return Ok(ExitCode::SUCCESS),
        },
    };
    let entry = assess::enter(&store, &typed)?;
    let style = Style::for_stdout();
    for paragraph in assess::notice(&entry).split("\n\n") {
        player.say(&format!("\n{}", render::wrap(paragraph, style.width, 0)))?;
    }
    if player.ask_line("\nPress Enter to begin (/quit to leave):")?.is_none() {
        return Ok(ExitCode::SUCCESS);
    }
    let questions = &entry.loaded.assessment.self_identification;
    if entry.asks_questions() {
        player.say(&render::wrap(&format!("\n{} Press Enter to skip any.", assess::QUESTIONS_NOTE), style.width, 0))?;
        for q in questions {
            player.say(&format!("\n{}", q.question))?;
            for (i, option) in q.options.iter().enumerate() {
                player.say(&format!("  {}  {option}", i + 1))?;
            }
            let answer = player.ask_line(&format!("[1-{}, Enter to skip]:", q.options.len()))?.unwrap_or_default();
            if let Some(option) = answer.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|i| q.options.get(i)) {
                store.identify(&entry.invitation.code, &q.field, option)?;
            }
        }
    }
    let rules = assess::rules(&store, &entry)?;
    // Pasted answers are refused: the terminal marks them only when asked to.
    let _marks = cooldown::terminal::PasteMarks::on();
    let answers = entry.answers_dir();
    if rules.allows(cooldown::assessment::AnswerKind::Spoken) {
        player = player.with_talk(super::play::talk_with(device, answers.clone()));
    }
    let mut player = player.with_rules(rules.clone());
    let calls = entry.scenarios.len();
    let mut store = store;
    loop {
        let finish = match assess::next(&store, &entry, Some(&answers))? {
            assess::Next::Done => {
                player.say(&style.bold(&format!("\n{}", assess::FINISHED)))?;
                // Sealed where this machine holds the organisation's key; otherwise the hiring
                // team seals it with `cooldown assess seal`.
                if let Err(e) = assess::seal_finished(&store, &entry.invitation.code, &assess::results_dir()) {
                    eprintln!("warning: the result could not be sealed: {e}; the hiring team can seal it with `cooldown assess seal {}`", entry.invitation.code);
                }
                return Ok(ExitCode::SUCCESS);
            }
            assess::Next::Begin { index, kept } => {
                player.say(&style.bold(&format!("\nCall {} of {calls}", index + 1)))?;
                player.keep_in(Keeping { store, kept });
                player.play(Arc::new(entry.scenarios[index].scenario.clone()), entry.invitation.seed, Mode::Screening)?
            }
            assess::Next::Resume { index, resumed } => {
                player.say(&style.bold(&format!("\nCall {} of {calls}, where you stopped", index + 1)))?;
                let resumed = *resumed;
                player.keep_in(Keeping { store, kept: resumed.kept });
                player.resume(resumed.session)?
            }
        };
        store = player.take_keeper().ok_or("the results store was lost during the call")?.store;
        if let Finish::Abandoned { .. } = finish {
            if rules.time_is_up() {
                store.mark_invitation(&entry.invitation.code, true)?;
            }
            return Ok(ExitCode::SUCCESS);
        }
    }
}

#[derive(clap::Subcommand)]
pub enum KeysCommand {
    /// Make the organisation's signing key for screening results (once; it is never replaced).
    Init,
}

/// `cooldown keys init`.
pub fn keys(command: &KeysCommand) -> Result<ExitCode, Failure> {
    match command {
        KeysCommand::Init => {
            let dir = app::keys::dir();
            let public = app::keys::init(&dir)?;
            println!("Signing key made in {} (readable by you only). Keep a copy somewhere safe.", dir.display());
            println!("Public key (give it to whoever checks results): {}", app::keys::hex(public.as_bytes()));
            println!("It is also in {}.", app::keys::public_path(&dir).display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `cooldown verify FILE`: the signature, the key, and the database against the record.
pub fn verify(db: &Location, file: &std::path::Path) -> Result<ExitCode, Failure> {
    let store = reading(db)?;
    let public = app::keys::public(&app::keys::dir())?;
    let verdict = app::sealed::verify(&store, file, &public)?;
    if !verdict.signature_valid {
        println!("✗ {} was changed after it was signed: its signature does not match its record.", file.display());
    }
    if !verdict.our_key {
        println!("✗ {} was signed with another key than this organisation's ({}).", file.display(), app::keys::public_path(&app::keys::dir()).display());
    }
    for d in &verdict.differences {
        println!("✗ changed since it was signed: {d}");
    }
    if verdict.holds() {
        println!("✓ {}: the signature holds, it is this organisation's, and the results database agrees with it.", file.display());
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::FAILURE)
    }
}

/// `cooldown assess results`: the ranking in the terminal, and as HTML or CSV when asked.
fn results(db: &Location, file: &std::path::Path, out: Option<&std::path::Path>, csv: Option<&std::path::Path>) -> Result<ExitCode, Failure> {
    let loaded = load_assessment(file)?;
    let store = reading(db)?;
    let assess::Ranking { standings, evidence } = assess::ranking(&store, &loaded)?;
    let a = &loaded.assessment;
    println!("{}: {} candidate(s)", a.title, standings.len());
    for (i, s) in standings.iter().enumerate() {
        let score = |v: Option<u8>| v.map_or("  –".to_string(), |v| format!("{v:>3}"));
        let result = match s.pass {
            Some(true) => "pass".to_string(),
            Some(false) => format!("below the cut ({})", s.short_of.join(", ")),
            None => s.status.describe().to_string(),
        };
        let mut review = if s.awaiting_review > 0 { format!("  · {} to review", s.awaiting_review) } else { String::new() };
        if s.reviewed > 0 {
            review.push_str(&format!("  · {} rated by reviewers", s.reviewed));
        }
        if !s.integrity.reasons.is_empty() {
            review.push_str(&format!("  · signals ({}): {}", s.integrity.level.describe(), s.integrity.reasons.join("; ")));
        }
        println!(
            "{:>3}. {:<24} {}  P{} E{} C{} R{}  {}{review}",
            i + 1,
            s.name,
            score(s.overall),
            score(s.dimensions[0]),
            score(s.dimensions[1]),
            score(s.dimensions[2]),
            score(s.dimensions[3]),
            result
        );
    }
    if let Some(path) = out {
        let page = cooldown::report::html::assessment_page(&a.title, a.cut.overall, &standings, &evidence, cooldown::clock::now_ms());
        cooldown::paths::write_whole(path, |tmp| std::fs::write(tmp, page)).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("{}: the ranking and the distribution of scores", path.display());
    }
    if let Some(path) = csv {
        cooldown::paths::write_whole(path, |tmp| {
            cooldown::report::csv::standings(std::fs::File::create(tmp)?, &standings).map_err(std::io::Error::other)
        })
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("{}: {} row(s)", path.display(), standings.len());
    }
    Ok(ExitCode::SUCCESS)
}

/// `cooldown assess impact`: the figures per group, in words a manager can act on.
fn impact(db: &Location, file: &std::path::Path, by: &str, out: Option<&std::path::Path>) -> Result<ExitCode, Failure> {
    let loaded = load_assessment(file)?;
    let store = reading(db)?;
    let found = assess::impact(&store, &loaded, by)?;
    let text = cooldown::report::impact_text(&loaded.assessment.title, by, &found.by_measure, found.unanswered);
    print!("{text}");
    if let Some(path) = out {
        let page = cooldown::report::html::impact_page(&loaded.assessment.title, by, &found.by_measure, found.unanswered, cooldown::clock::now_ms());
        cooldown::paths::write_whole(path, |tmp| std::fs::write(tmp, page)).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("{}: the figures as a page", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// `cooldown assess purge`: who the retention period says must go; deleted with `--yes`.
fn purge(db: &Location, file: &std::path::Path, yes: bool) -> Result<ExitCode, Failure> {
    let loaded = load_assessment(file)?;
    let store = adding_to(db)?;
    let expired = app::privacy::expired(&store, &loaded, cooldown::clock::now_ms())?;
    if expired.is_empty() {
        println!("Nobody's retention period ({} days after finishing) is over.", loaded.assessment.retention_days);
        return Ok(ExitCode::SUCCESS);
    }
    for inv in &expired {
        let when = inv.finished_ms.map(cooldown::clock::date).unwrap_or_default();
        println!("{}: finished {when}, more than {} days ago", inv.person.name, loaded.assessment.retention_days);
    }
    if !yes {
        println!("{} candidate(s) would be deleted with everything kept about them; run again with --yes to delete them.", expired.len());
        return Ok(ExitCode::SUCCESS);
    }
    for inv in &expired {
        if let Some(gone) = app::privacy::forget(&store, &inv.person.name, &assess::results_dir())? {
            println!("Deleted {}: {} session(s), {} answer(s), {} review(s).", inv.person.name, gone.sessions, gone.turns, gone.reviews);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `cooldown forget --person NAME`: deletes a person and everything kept about them.
pub fn forget(db: &Location, name: &str) -> Result<ExitCode, Failure> {
    let store = adding_to(db)?;
    match app::privacy::forget(&store, name, &assess::results_dir())? {
        Some(gone) => {
            println!(
                "Forgot {name}: {} session(s), {} answer(s), {} review(s), {} invitation(s), {} folder(s) of recordings; nothing about them is left in {}.",
                gone.sessions,
                gone.turns,
                gone.reviews,
                gone.invitations,
                gone.answer_folders.len(),
                store.location()
            );
            Ok(ExitCode::SUCCESS)
        }
        None => Err(format!("nobody called `{name}` is in {}; `cooldown history` lists who has played", store.location()).into()),
    }
}

/// `cooldown export --person NAME --out DIR`: everything held about a person, for them.
pub fn export(db: &Location, name: &str, out: &std::path::Path) -> Result<ExitCode, Failure> {
    let store = reading(db)?;
    let done = app::privacy::export(&store, name, out)?;
    println!(
        "Everything held about {name}: {} ({} session(s)), and {} recording(s) in {}.",
        done.file.display(),
        done.sessions,
        done.recordings,
        out.join("recordings").display()
    );
    Ok(ExitCode::SUCCESS)
}

/// An assessment file, its findings drawn like rustc's when it cannot be read.
fn load_assessment(file: &std::path::Path) -> Result<cooldown::assessment::LoadedAssessment, Failure> {
    cooldown::assessment::load_file(file).map_err(|d| Failure::Rendered(d.render(Style::for_stdout().color)))
}
