//! C012: the mood rule needs a hang-up ending to go to.

use crate::scenario::model::Outcome;

use crate::diagnostic::{Code, Diagnostic};

use super::Check;

pub fn run(c: &Check, out: &mut Vec<Diagnostic>) {
    let (s, sc) = (c.s, &c.s.scenario);
    // C012: the mood rule needs an ending to go to.
    if !sc.endings.iter().any(|e| e.outcome == Outcome::HungUp) {
        out.push(
            s.diagnostic(Code::C012, "endings[0]", "no ending has `outcome: HungUp`")
                .with_label("no hang-up ending")
                .with_help("add `Ending(id: \"hung-up\", outcome: HungUp, lines: [...])` with what the customer says as they hang up"),
        );
    }
}
