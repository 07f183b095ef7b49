//! Plays a session in a terminal: the customer's lines, a mood meter, numbered choices or a
//! prompt for a typed answer, feedback in practice mode, and the debrief. Reads answers line by
//! line, so it works interactively and over a pipe alike.

use std::io::{self, BufRead, Write};
use std::sync::Arc;

use super::render::{self, Style};
use crate::engine::{EngineError, Event, Mode, Prompt, Response, Session, SessionResult};
use crate::scenario::Scenario;

/// Typed to leave a session early.
pub const QUIT_COMMANDS: [&str; 3] = ["/quit", "/q", "/exit"];

/// Why a terminal session stopped without a result.
#[derive(Debug, thiserror::Error)]
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
    Abandoned { turns: usize },
}

/// A terminal player over any input and output (stdin/stdout, or a pipe in tests).
pub struct Player<R, W> {
    input: R,
    output: W,
    style: Style,
    echo: bool,
}

impl<R: BufRead, W: Write> Player<R, W> {
    pub fn new(input: R, output: W, style: Style) -> Self {
        Self { input, output, style, echo: false }
    }

    /// Repeat each answer after the prompt. For piped input, which no terminal echoes, so the
    /// output still reads as a transcript.
    pub fn with_echo(mut self, echo: bool) -> Self {
        self.echo = echo;
        self
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
        let s = self.style;
        let customer = &scenario.customer;
        writeln!(self.output, "\n{}", s.bold(&format!("── {} ──", scenario.title)))?;
        if !scenario.summary.is_empty() {
            writeln!(self.output, "{}", render::wrap(&scenario.summary, s.width, 0))?;
        }
        let mode_name = match mode {
            Mode::Practice => "practice: feedback after each answer",
            Mode::Screening => "screening: feedback at the end",
        };
        writeln!(self.output, "{}", s.dim(&format!("Customer: {} ({}) · {mode_name} · seed {seed}", customer.name, customer.persona.describe())))?;
        writeln!(self.output, "{}", s.dim("Answer with an option's number or type your own words; /quit leaves."))?;

        let (mut session, events) = Session::start(Arc::clone(&scenario), seed, mode)?;
        self.show(&session, &events)?;
        loop {
            if let Some(result) = session.result() {
                write!(self.output, "{}", render::debrief(&s, result))?;
                return Ok(Finish::Ended(Box::new(result.clone())));
            }
            let Some(prompt) = session.prompt().cloned() else {
                return Ok(Finish::Abandoned { turns: session.turns().len() });
            };
            let Some(response) = self.ask(&prompt)? else {
                writeln!(self.output, "\nYou left the call after {} answers; nothing was scored.", session.turns().len())?;
                return Ok(Finish::Abandoned { turns: session.turns().len() });
            };
            match session.respond(response) {
                Ok(events) => self.show(&session, &events)?,
                // A response the node does not take: say why and ask again.
                Err(e @ (EngineError::NoSuchChoice { .. } | EngineError::NoChoices | EngineError::TextNotAccepted | EngineError::EmptyAnswer)) => {
                    writeln!(self.output, "{e}")?;
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Shows the prompt and reads until a usable response (or `None` to quit).
    fn ask(&mut self, prompt: &Prompt) -> io::Result<Option<Response>> {
        loop {
            write!(self.output, "> ")?;
            self.output.flush()?;
            let Some(line) = self.read_line()? else { return Ok(None) };
            if line.is_empty() {
                continue;
            }
            if QUIT_COMMANDS.contains(&line.as_str()) {
                return Ok(None);
            }
            let count = prompt.choices.len();
            if let Ok(n) = line.parse::<usize>() {
                if count == 0 {
                    writeln!(self.output, "There are no options here; type your answer in words.")?;
                } else if (1..=count).contains(&n) {
                    return Ok(Some(Response::Choice(n - 1)));
                } else {
                    writeln!(self.output, "There is no option {n}; pick 1 to {count}.")?;
                }
                continue;
            }
            if prompt.free_text.is_some() {
                return Ok(Some(Response::Text(line)));
            }
            writeln!(self.output, "Pick an option by its number, 1 to {count}.")?;
        }
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
                    writeln!(self.output, "\n{}\n", render::mood_meter(&s, prompt.anger))?;
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
