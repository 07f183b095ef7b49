//! Plays a session in a terminal: the customer's lines, a mood meter, numbered choices or a
//! prompt for a typed answer, feedback in practice mode, and the debrief. Reads answers line by
//! line, so it works interactively and over a pipe alike.

use std::io::{self, BufRead, Write};
use std::sync::Arc;

use super::render::{self, Style};
use crate::audio::source::Source;
use crate::audio::talk::Talk;
use crate::engine::{EngineError, Event, GivenAnswer, Mode, Prompt, Response, Session, SessionResult, Spoken};
use crate::scoring::delivery::{Calibration, Cue};
use crate::app::assess::Rules;
use crate::assessment::AnswerKind;
use crate::store::Keeping;
use crate::scenario::Scenario;
use crate::vocab::text::counted;

/// Typed instead of an answer to answer aloud.
pub const TALK_COMMANDS: [&str; 2] = ["/v", "/voice"];

/// The terminal shows the customer's words at once and plays no audio, so the customer has
/// finished when recording starts: latency is the silence before speaking, and talking over
/// them cannot happen here (the window measures it against the line's audio).
const TERMINAL_CUE: Cue = Cue { recording_started: 0.0, prompt_length: 0.0 };

/// Typed to leave a session early.
pub const QUIT_COMMANDS: [&str; 3] = ["/quit", "/q", "/exit"];

/// What a terminal in bracketed-paste mode (`ESC [?2004h`, which a sitting turns on) puts
/// before and after pasted text: how a paste is told from typing.
pub const PASTE_START: &str = "\x1b[200~";
/// The end of pasted text.
pub const PASTE_END: &str = "\x1b[201~";

/// Asks the terminal on standard output to mark pasted text while it lives (nothing when the
/// output is not a terminal); dropping it asks the terminal to stop.
pub struct PasteMarks(bool);

impl PasteMarks {
    /// Turns the marks on where standard output is a terminal.
    pub fn on() -> PasteMarks {
        use std::io::IsTerminal;
        let tty = io::stdout().is_terminal();
        if tty {
            print!("\x1b[?2004h");
            let _ = io::stdout().flush();
        }
        PasteMarks(tty)
    }
}

impl Drop for PasteMarks {
    fn drop(&mut self) {
        if self.0 {
            print!("\x1b[?2004l");
            let _ = io::stdout().flush();
        }
    }
}

/// A line without paste markers, and how many characters were pasted into it (`None`: none).
fn unbracket(line: &str) -> (String, Option<usize>) {
    if !line.contains(PASTE_START) && !line.contains(PASTE_END) {
        return (line.to_string(), None);
    }
    let (mut plain, mut pasted) = (String::new(), 0);
    // Every piece after a start marker is pasted up to its end marker (or the end of the line).
    for (i, piece) in line.split(PASTE_START).enumerate() {
        let (inside, after) = match piece.split_once(PASTE_END) {
            Some((inside, after)) if i > 0 => (inside, after),
            _ if i > 0 => (piece, ""),
            _ => ("", piece),
        };
        pasted += inside.chars().count();
        plain.push_str(inside);
        plain.push_str(&after.replace(PASTE_END, ""));
    }
    (plain, Some(pasted))
}

/// Why a terminal session stopped without a result.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs)] // each variant is documented by its `#[error]` message
pub enum PlayError {
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error("terminal I/O failed: {0}")]
    Io(#[from] io::Error),
}

/// How a terminal session finished.
#[derive(Debug)]
pub enum Finish {
    /// The conversation reached an ending.
    Ended(Box<SessionResult>),
    /// The trainee quit, or the input closed, before the end.
    Abandoned {
        /// How many answers they had given.
        turns: usize,
    },
}

/// How an attempt to answer aloud ended.
enum Aloud {
    Answer(Response),
    /// Back to the prompt (the reason was shown).
    Again,
    Quit,
}

/// How one recording ended.
enum Take {
    Recorded,
    Failed,
    /// The input closed.
    Quit,
}

/// A terminal player over any input and output (stdin/stdout, or a pipe in tests).
pub struct Player<R, W> {
    input: R,
    output: W,
    style: Style,
    echo: bool,
    /// Push-to-talk, when the player was given a way to open a microphone.
    talk: Option<Talk>,
    /// Where every answer is kept as it is scored.
    keeper: Option<Keeping>,
    /// The rules of a screening assessment being sat, when one is.
    sitting: Option<Rules>,
}


impl<R: BufRead, W: Write> Player<R, W> {
    /// A player reading answers from `input` and writing the call to `output`.
    pub fn new(input: R, output: W, style: Style) -> Self {
        Self { input, output, style, echo: false, talk: None, keeper: None, sitting: None }
    }

    /// Plays under a screening assessment's rules: only the answers it allows, a clock before
    /// each answer, and no result shown at the end of a call.
    pub fn with_rules(mut self, rules: Rules) -> Self {
        self.sitting = Some(rules);
        self
    }

    /// Repeat each answer after the prompt. For piped input, which no terminal echoes, so the
    /// output still reads as a transcript.
    pub fn with_echo(mut self, echo: bool) -> Self {
        self.echo = echo;
        self
    }

    /// Lets the trainee answer aloud with `/v`, saving recordings through `talk`.
    pub fn with_talk(mut self, talk: Talk) -> Self {
        self.talk = Some(talk);
        self
    }

    /// Keeps every answer in the results store as it is scored, and the result at the end.
    pub fn with_keeper(mut self, keeper: Keeping) -> Self {
        self.keeper = Some(keeper);
        self
    }

    /// Keeps the next session in `keeper` (a player playing several sessions in a row).
    pub fn keep_in(&mut self, keeper: Keeping) {
        self.keeper = Some(keeper);
    }

    /// Hands back the store and what it keeps, after a session.
    pub fn take_keeper(&mut self) -> Option<Keeping> {
        self.keeper.take()
    }

    /// Asks a question and reads the answer line; `None` at end of input or on /quit.
    pub fn ask_line(&mut self, question: &str) -> io::Result<Option<String>> {
        write!(self.output, "{question} ")?;
        self.output.flush()?;
        Ok(self.read_line()?.filter(|l| !QUIT_COMMANDS.contains(&l.as_str())))
    }

    /// Reads one line; `None` at end of input.
    fn read_line(&mut self) -> io::Result<Option<String>> {
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            if self.echo {
                writeln!(self.output)?;
            }
            return Ok(None);
        }
        let line = line.trim().to_string();
        if self.echo {
            writeln!(self.output, "{line}")?;
        }
        Ok(Some(line))
    }

    /// Asks the user to pick one of `count` items by number; `None` when they quit.
    pub fn pick(&mut self, question: &str, count: usize) -> io::Result<Option<usize>> {
        loop {
            write!(self.output, "{question} [1-{count}]: ")?;
            self.output.flush()?;
            let Some(line) = self.read_line()? else { return Ok(None) };
            if QUIT_COMMANDS.contains(&line.as_str()) {
                return Ok(None);
            }
            match line.parse::<usize>() {
                Ok(n) if (1..=count).contains(&n) => return Ok(Some(n - 1)),
                _ => writeln!(self.output, "Type a number from 1 to {count}.")?,
            }
        }
    }

    /// Writes a line of text.
    pub fn say(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.output, "{text}")
    }

    /// Plays one session to its end (or until the trainee quits).
    pub fn play(&mut self, scenario: Arc<Scenario>, seed: u64, mode: Mode) -> Result<Finish, PlayError> {
        self.introduce(&scenario, seed, mode)?;
        let (session, events) = Session::start(Arc::clone(&scenario), seed, mode)?;
        self.show(&session, &events)?;
        self.run(session)
    }

    /// Goes on with a session rebuilt from its stored answers: what the customer said last,
    /// then the question they are waiting on.
    pub fn resume(&mut self, session: Session) -> Result<Finish, PlayError> {
        self.introduce(session.scenario(), session.seed(), session.mode())?;
        let answered = session.turns().len();
        writeln!(self.output, "{}", self.style.dim(&format!("Resuming after {}; the call picks up where it stopped.", counted(answered, "answer"))))?;
        self.show(&session, session.events_since_last_answer())?;
        self.run(session)
    }

    fn introduce(&mut self, scenario: &Scenario, seed: u64, mode: Mode) -> io::Result<()> {
        let s = self.style;
        let customer = &scenario.customer;
        writeln!(self.output, "\n{}", s.bold(&format!("── {} ──", scenario.title)))?;
        if !scenario.summary.is_empty() {
            writeln!(self.output, "{}", render::wrap(&scenario.summary, s.width, 0))?;
        }
        let mode_name = match (mode, self.sitting.is_some()) {
            (_, true) => "assessment: no feedback, results go to the hiring team",
            (Mode::Practice, false) => "practice: feedback after each answer",
            (Mode::Screening, false) => "screening: feedback at the end",
        };
        let seed = if self.sitting.is_some() { String::new() } else { format!(" · seed {seed}") };
        writeln!(self.output, "{}", s.dim(&format!("Customer: {} ({}) · {mode_name}{seed}", customer.name, customer.persona.describe())))?;
        let aloud = if self.talk.is_some() { ", /v answers aloud" } else { "" };
        writeln!(self.output, "{}", s.dim(&format!("Answer with an option's number, or in your own words where a question takes them{aloud}; /quit leaves.")))
    }

    fn run(&mut self, mut session: Session) -> Result<Finish, PlayError> {
        let s = self.style;
        loop {
            if let Some(result) = session.result() {
                if self.sitting.is_some() {
                    writeln!(self.output, "\n{}", s.bold("The call has ended. Your answers are kept."))?;
                } else {
                    write!(self.output, "{}", render::debrief(&s, result))?;
                }
                return Ok(Finish::Ended(Box::new(result.clone())));
            }
            if let Some(rules) = &self.sitting {
                if rules.time_is_up() {
                    writeln!(self.output, "\n{}", s.bold(crate::app::assess::TIME_UP))?;
                    return Ok(Finish::Abandoned { turns: session.turns().len() });
                }
                writeln!(self.output, "{}", s.dim(&rules.clock()))?;
            }
            let Some(prompt) = session.prompt().cloned() else {
                return Ok(Finish::Abandoned { turns: session.turns().len() });
            };
            let Some(response) = self.ask(&prompt, session.turns().len() + 1)? else {
                self.leave(session.turns().len())?;
                return Ok(Finish::Abandoned { turns: session.turns().len() });
            };
            match session.respond(response) {
                Ok(events) => {
                    self.keep(&session)?;
                    self.show(&session, &events)?;
                }
                // A response the node does not take: say why and ask again.
                Err(e @ (EngineError::NoSuchChoice { .. } | EngineError::NoChoices | EngineError::TextNotAccepted | EngineError::EmptyAnswer)) => {
                    writeln!(self.output, "{e}")?;
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Saves the newest answer (and the result, at the end). A failure is said, not fatal: the
    /// call goes on, and the next answer saves what this one could not (the store keeps turns
    /// in order, so no gap can form). A dropped server connection made again is said too.
    fn keep(&mut self, session: &Session) -> io::Result<()> {
        let Some(keeper) = &mut self.keeper else { return Ok(()) };
        let saved = keeper.sync(session);
        for notice in keeper.store.take_notices() {
            writeln!(self.output, "{}", self.style.dim(&notice))?;
        }
        match saved {
            Ok(()) if keeper.kept.is_finished() && self.sitting.is_none() => {
                let (id, at) = (keeper.kept.session, keeper.store.location().to_string());
                writeln!(self.output, "{}", self.style.dim(&format!("Kept as session {id} in {at}: `cooldown history` lists it.")))
            }
            Ok(()) => Ok(()),
            Err(e) if session.is_over() => {
                let (id, kept) = (keeper.kept.session, keeper.kept.turns());
                writeln!(
                    self.output,
                    "Could not keep the end of this session: {e}. Session {id} keeps its first {}; \
                     go on later with `cooldown play --resume {id}`.",
                    counted(kept, "answer")
                )
            }
            Err(e) => writeln!(self.output, "Could not save that answer yet: {e}. The call goes on; it is saved with your next answer."),
        }
    }

    /// Keeps something noticed while answer `turn` was given (a sitting's integrity signals).
    /// A failure to keep it is said, not fatal: the answer matters more than the signal.
    fn note(&mut self, turn: usize, what: crate::assessment::signals::Noticed) -> io::Result<()> {
        let Some(keeper) = &self.keeper else { return Ok(()) };
        match keeper.store.observe(keeper.kept.session, turn, what) {
            Ok(()) => Ok(()),
            Err(e) => writeln!(self.output, "{}", self.style.dim(&format!("(could not note that: {e})"))),
        }
    }

    /// Says what leaving keeps: answers already kept can be resumed; a session left before any
    /// answer is removed, so it does not sit in the history as unfinished.
    fn leave(&mut self, answers: usize) -> io::Result<()> {
        let kept = self.keeper.as_ref().map(|k| (k.kept.session, k.kept.turns()));
        if self.sitting.is_some() {
            return writeln!(self.output, "\n{}", crate::app::assess::LEFT);
        }
        if let (0, Some(k)) = (answers, &self.keeper) {
            // Cleaning up; if it fails, an empty unfinished session is all that is left.
            let _ = k.store.discard_if_empty(k.kept.session);
        }
        let said = match (answers, kept) {
            (0, _) => "\nYou left before answering; nothing was kept.".to_string(),
            (n, Some((id, kept))) if kept == n => format!(
                "\nYou left the call after {}; {} kept. Go on later with `cooldown play --resume {id}`.",
                counted(n, "answer"),
                if n == 1 { "it is" } else { "they are" }
            ),
            (n, Some((id, kept))) => format!(
                "\nYou left the call after {}; the results database has the first {kept}. Go on from there with `cooldown play --resume {id}`.",
                counted(n, "answer")
            ),
            (n, None) => format!("\nYou left the call after {}; nothing was kept or scored.", counted(n, "answer")),
        };
        writeln!(self.output, "{said}")
    }

    /// Shows the prompt and reads until a usable response (or `None` to quit).
    fn ask(&mut self, prompt: &Prompt, turn: usize) -> io::Result<Option<Response>> {
        loop {
            write!(self.output, "> ")?;
            self.output.flush()?;
            let Some(line) = self.read_line()? else { return Ok(None) };
            // Pasted text: refused in an assessment (and noted); elsewhere the words are kept
            // and only the terminal's markers go.
            let line = match unbracket(&line) {
                (_, Some(chars)) if self.sitting.is_some() => {
                    self.note(turn, crate::assessment::signals::Noticed::Paste { chars })?;
                    writeln!(self.output, "{}", crate::app::assess::PASTE_REFUSED)?;
                    continue;
                }
                (plain, _) => plain,
            };
            if line.is_empty() {
                continue;
            }
            if QUIT_COMMANDS.contains(&line.as_str()) {
                return Ok(None);
            }
            // What a screening assessment allows; everything outside one.
            let allows = |kind| Rules::allow(self.sitting.as_ref(), kind);
            let (choices, typed, spoken) = (allows(AnswerKind::Choice), allows(AnswerKind::Typed), allows(AnswerKind::Spoken));
            if TALK_COMMANDS.contains(&line.as_str()) {
                if !spoken {
                    writeln!(self.output, "This assessment takes no spoken answers; type yours or pick an option.")?;
                    continue;
                }
                match self.answer_aloud(prompt, turn)? {
                    Aloud::Answer(response) => return Ok(Some(response)),
                    Aloud::Quit => return Ok(None),
                    Aloud::Again => continue,
                }
            }
            let count = prompt.choices.len();
            if let Ok(n) = line.parse::<usize>() {
                if !choices {
                    writeln!(self.output, "This assessment takes answers in your own words; type what you would say.")?;
                } else if count == 0 {
                    writeln!(self.output, "There are no options here; type your answer in words.")?;
                } else if (1..=count).contains(&n) {
                    return Ok(Some(Response::Choice(n - 1)));
                } else {
                    writeln!(self.output, "There is no option {n}; pick 1 to {count}.")?;
                }
                continue;
            }
            if prompt.free_text.is_some() {
                if !typed {
                    writeln!(self.output, "This assessment takes no typed answers here; pick an option, or /v to answer aloud.")?;
                    continue;
                }
                return Ok(Some(Response::Text(line)));
            }
            writeln!(self.output, "Pick an option by its number, 1 to {count}.")?;
        }
    }

    /// Records a spoken answer (after the calibration, the first time) and asks for its words.
    fn answer_aloud(&mut self, prompt: &Prompt, turn: usize) -> io::Result<Aloud> {
        if prompt.free_text.is_none() {
            writeln!(self.output, "This question takes one of the options; pick one by its number.")?;
            return Ok(Aloud::Again);
        }
        let Some(mut talk) = self.talk.take() else {
            writeln!(self.output, "Answering aloud needs a microphone, which this player was not given; type your answer.")?;
            return Ok(Aloud::Again);
        };
        let result = self.record_answer(&mut talk, turn);
        self.talk = Some(talk);
        result
    }

    fn record_answer(&mut self, talk: &mut Talk, turn: usize) -> io::Result<Aloud> {
        if let Err(e) = talk.source() {
            writeln!(self.output, "{e}\nType your answer instead.")?;
            return Ok(Aloud::Again);
        }
        if talk.needs_calibration() {
            writeln!(self.output, "First, so a raised voice can be told from your normal one, read this in your normal voice:")?;
            writeln!(self.output, "  \u{201c}{}\u{201d}", Calibration::SENTENCE)?;
            let file = talk.calibration_file();
            match self.take(talk, &file, "Enter starts, Enter stops.")? {
                Take::Recorded => {}
                Take::Quit => return Ok(Aloud::Quit),
                Take::Failed => return Ok(Aloud::Again),
            }
            match talk.calibrate(&file) {
                Ok(true) => writeln!(self.output, "Calibrated.")?,
                Ok(false) => writeln!(self.output, "Heard nothing, so the loudness of your answers will not be judged.")?,
                Err(e) => writeln!(self.output, "{e}")?,
            }
        }
        let file = talk.answer_file(turn);
        match self.take(talk, &file, "Enter starts your answer, Enter stops.")? {
            Take::Recorded => {}
            Take::Quit => return Ok(Aloud::Quit),
            Take::Failed => return Ok(Aloud::Again),
        }
        let delivery = match talk.measure(&file, TERMINAL_CUE) {
            Ok(Some(d)) => d,
            Ok(None) => {
                writeln!(self.output, "Heard nothing: is the microphone muted? /v to try again, or type your answer.")?;
                return Ok(Aloud::Again);
            }
            Err(e) => {
                writeln!(self.output, "{e}; type your answer instead.")?;
                return Ok(Aloud::Again);
            }
        };
        writeln!(self.output, "{}", self.style.dim(&format!("  {:.1} s of speech, saved as {}", delivery.talk_time, file.display())))?;
        let audio = file.display().to_string();
        if talk.transcribes() {
            write!(self.output, "{}", self.style.dim("  transcribing…"))?;
            self.output.flush()?;
            let heard = talk.transcribe(&file, delivery);
            writeln!(self.output)?;
            match heard {
                Ok((heard, delivery)) if !heard.text.trim().is_empty() => {
                    writeln!(self.output, "  heard: \u{201c}{}\u{201d}", heard.text)?;
                    if heard.is_uncertain() {
                        writeln!(self.output, "{}", self.style.dim("  (unsure of some words: a reviewer will check them)"))?;
                    }
                    let transcript = Some(heard.text.clone());
                    return Ok(Aloud::Answer(Response::Spoken(Spoken { audio, delivery, transcript, heard: Some(heard) })));
                }
                Ok(_) => writeln!(self.output, "  No words were recognised.")?,
                Err(why) => writeln!(self.output, "  {why}")?,
            }
        }
        write!(self.output, "Type what you said, so the words are scored too (Enter leaves them for a reviewer): ")?;
        self.output.flush()?;
        let Some(words) = self.read_line()? else { return Ok(Aloud::Quit) };
        let transcript = (!words.is_empty()).then_some(words);
        Ok(Aloud::Answer(Response::Spoken(Spoken { audio, delivery, transcript, heard: None })))
    }

    /// One recording from the microphone into `file`, between two presses of Enter.
    fn take(&mut self, talk: &mut Talk, file: &std::path::Path, how: &str) -> io::Result<Take> {
        write!(self.output, "{how} ")?;
        self.output.flush()?;
        let Some(_) = self.read_line()? else { return Ok(Take::Quit) };
        let source: &mut dyn Source = match talk.source() {
            Ok(s) => s,
            Err(e) => {
                writeln!(self.output, "{e}")?;
                return Ok(Take::Failed);
            }
        };
        let live = match source.start(file) {
            Ok(live) => live,
            Err(e) => {
                writeln!(self.output, "The microphone did not start: {e}. Type your answer instead.")?;
                return Ok(Take::Failed);
            }
        };
        write!(self.output, "● recording… Enter stops. ")?;
        self.output.flush()?;
        let input = self.read_line()?;
        let stopped = live.stop();
        if let Err(e) = stopped {
            writeln!(self.output, "The recording failed: {e}. Type your answer instead.")?;
            return Ok(Take::Failed);
        }
        Ok(if input.is_some() { Take::Recorded } else { Take::Quit })
    }

    fn show(&mut self, session: &Session, events: &[Event]) -> io::Result<()> {
        let s = self.style;
        let first_name = session.scenario().customer.first_name().to_string();
        for event in events {
            match event {
                Event::CustomerSays(line) => {
                    let text = render::wrap(&format!("{first_name}: \u{201c}{}\u{201d}", line.text), s.width, 2);
                    writeln!(self.output, "\n{}", s.bold(&text))?;
                }
                Event::AwaitingResponse(prompt) => {
                    // In screening the mood would be feedback on the last answer: not shown.
                    if session.mode() == Mode::Practice {
                        writeln!(self.output, "\n{}\n", render::mood_meter(&s, prompt.anger))?;
                    } else {
                        writeln!(self.output)?;
                    }
                    for (i, choice) in prompt.choices.iter().enumerate() {
                        writeln!(self.output, "  {}  {}", i + 1, render::wrap(choice, s.width, 5))?;
                    }
                    match (&prompt.free_text, prompt.choices.is_empty()) {
                        (Some(hint), true) => {
                            let hint = if hint.is_empty() { "Type your answer.".to_string() } else { format!("Type your answer: {hint}") };
                            writeln!(self.output, "  {}", render::wrap(&hint, s.width, 2))?;
                        }
                        (Some(_), false) => writeln!(self.output, "  {}", s.dim("…or type your own answer."))?,
                        (None, _) => {}
                    }
                }
                Event::TurnScored(turn) => match session.mode() {
                    Mode::Practice => {
                        let mut line = format!("  ↳ {}", render::points(&s, &turn.points));
                        if !turn.feedback.is_empty() {
                            line.push_str(&format!(": {}", turn.feedback));
                        }
                        writeln!(self.output, "{}", render::wrap(&line, s.width, 4))?;
                        if let GivenAnswer::Spoken { delivery, .. } = &turn.answer {
                            for f in delivery.findings() {
                                let line = format!("{}: {}", render::points(&s, &f.points), f.why);
                                writeln!(self.output, "    {}", render::wrap(&line, s.width, 4))?;
                            }
                        }
                        for note in &turn.mood_notes {
                            writeln!(self.output, "    {}", s.dim(&render::wrap(note, s.width, 4)))?;
                        }
                    }
                    Mode::Screening => writeln!(self.output, "{}", s.dim("  (answer recorded)"))?,
                },
                Event::Ended(_) => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_text_is_told_from_typed_text_and_keeps_its_words() {
        assert_eq!(unbracket("I typed this"), ("I typed this".to_string(), None));
        let pasted = format!("{PASTE_START}Sorry for the wait{PASTE_END}");
        assert_eq!(unbracket(&pasted), ("Sorry for the wait".to_string(), Some(18)));
        let mixed = format!("Hi {PASTE_START}Dana{PASTE_END}, sorry");
        assert_eq!(unbracket(&mixed), ("Hi Dana, sorry".to_string(), Some(4)));
        // A paste that goes on past the end of the line.
        assert_eq!(unbracket(&format!("{PASTE_START}first line")), ("first line".to_string(), Some(10)));
    }
}
