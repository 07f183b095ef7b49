//! Benchmarks of the pure core: loading and linting a large scenario, and one engine step.
//! Run with `make bench` (or `cargo bench --no-default-features`).

use std::hint::black_box;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

use cooldown::diagnostic::Code;
use cooldown::engine::{Mode, Response, Session};
use cooldown::scenario::{lint, load_str};
use cooldown::scoring::{Context, Scorer};

/// A scenario of `n` nodes: a branching chain where every node offers three choices (forward
/// by one, forward by two, and a bail-out ending), and every fifth node also takes free text.
fn generated_scenario(n: usize) -> String {
    let mut s = String::from(
        "Scenario(format: 1, id: \"generated\", title: \"Generated\", difficulty: Hard,\n\
         customer: (name: \"Gen\", persona: Irate, anger: 50, hangs_up_at: 100),\n\
         start: \"n0\",\n nodes: [\n",
    );
    for i in 0..n {
        let next = |k: usize| if i + k < n { format!("n{}", i + k) } else { "resolved".to_string() };
        let _ = write!(
            s,
            "  Node(id: \"n{i}\", lines: [Line(id: \"l{i}\", text: \"Line {i}: what are you going to do about it?\", \
             emotion: Angry, variants: [\"Variant {i}\"])],\n    choices: [\n      \
             Choice(text: \"I'm sorry, let me fix that now.\", points: (patience: 1, empathy: 1, clarification: 1, resolution: 1), anger: -2, next: \"{}\", feedback: \"Good.\"),\n      \
             Choice(text: \"Skip ahead.\", points: (resolution: 1), next: \"{}\", feedback: \"Fast.\"),\n      \
             Choice(text: \"Goodbye.\", points: (patience: -1), next: \"escalated\", feedback: \"Gave up.\"),\n    ],\n",
            next(1),
            next(2)
        );
        if i % 5 == 0 {
            let _ = writeln!(
                s,
                "    free_text: (prompt: \"Say it\", routes: [Route(when: All([Has(Apology), Has(Question)]), \
                 points: (empathy: 2), next: \"{}\")], fallback: (next: \"{}\", feedback: \"Try again.\")),",
                next(1),
                next(1)
            );
        }
        s.push_str("  ),\n");
    }
    s.push_str(
        " ],\n endings: [Ending(id: \"resolved\", outcome: Resolved), Ending(id: \"escalated\", outcome: Escalated), \
         Ending(id: \"hung-up\", outcome: HungUp)],\n)\n",
    );
    s
}

fn load_and_lint(c: &mut Criterion) {
    let text = generated_scenario(1000);
    let path = Path::new("generated.ron");
    // The benchmark is only meaningful on a scenario that is valid and lints clean (but for
    // C017: a generated scenario has no recordings).
    let loaded = load_str(path, &text).expect("generated scenario loads");
    let findings = lint::lint_scenario(&loaded);
    assert!(findings.iter().all(|f| f.code == Code::C017), "generated scenario lints clean: {findings:?}");

    c.bench_function("load + lint, 1,000-node scenario", |b| {
        b.iter(|| {
            let loaded = load_str(path, black_box(&text)).unwrap();
            black_box(lint::lint_scenario(&loaded))
        })
    });
    c.bench_function("load only, 1,000-node scenario", |b| b.iter(|| black_box(load_str(path, black_box(&text)).unwrap())));
    c.bench_function("lint only, 1,000-node scenario", |b| b.iter(|| black_box(lint::lint_scenario(black_box(&loaded)))));

    // Linear time: nodes a second stay the same from 1,000 to 10,000 nodes (no recursion, no
    // search per node).
    let mut group = c.benchmark_group("load + lint scaling (elements = nodes)");
    group.sample_size(10);
    for n in [1_000, 10_000] {
        let text = generated_scenario(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(format!("{n} nodes"), |b| {
            b.iter(|| {
                let loaded = load_str(path, black_box(&text)).unwrap();
                black_box(lint::lint_scenario(&loaded))
            })
        });
    }
    group.finish();
}

/// `cooldown explore`'s analysis on the 200-node generated scenario (2.3 x 10^53 paths): ranges,
/// every ending's best and worst call, the path count and praised answers. Must stay far below
/// 100 ms (it runs on every lint).
fn explore(c: &mut Criterion) {
    let loaded = load_str(Path::new("generated.ron"), &generated_scenario(200)).unwrap();
    let graph = cooldown::scenario::explore::Graph::new(&loaded.scenario);
    let analysis = graph.analyse();
    assert!(analysis.best.is_some() && analysis.endings.iter().all(|e| e.reachable));
    c.bench_function("explore, 200-node scenario", |b| b.iter(|| black_box(graph.analyse())));
}

/// The random walker (`cooldown walk`): answers a second through the bundled late-gift scenario
/// and the 200-node generated one (criterion reports elements = answers a second).
fn walker(c: &mut Criterion) {
    let mut group = c.benchmark_group("walker (elements = answers)");
    let late_gift = cooldown::scenario::load_file(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/late-gift.ron"))).unwrap().scenario;
    let generated = load_str(Path::new("generated.ron"), &generated_scenario(200)).unwrap().scenario;
    for (name, scenario) in [("late-gift", &late_gift), ("200-node generated", &generated)] {
        let calls = 10_000;
        let answers = cooldown::engine::walk::walk(scenario, calls, 1).answers;
        group.throughput(Throughput::Elements(answers));
        group.bench_function(format!("{name}, {calls} calls"), |b| b.iter(|| black_box(cooldown::engine::walk::walk(black_box(scenario), calls, 1))));
    }
    group.finish();
}

fn engine_step(c: &mut Criterion) {
    let scenario = Arc::new(load_str(Path::new("generated.ron"), &generated_scenario(1000)).unwrap().scenario);
    let start = || Session::start(Arc::clone(&scenario), 7, Mode::Screening).unwrap().0;

    c.bench_function("engine step: authored choice", |b| {
        b.iter_batched_ref(start, |s| black_box(s.respond(Response::Choice(0)).unwrap()), BatchSize::SmallInput)
    });
    c.bench_function("engine step: free-text answer", |b| {
        b.iter_batched_ref(
            start,
            |s| black_box(s.respond(Response::Text("I'm so sorry about that. Can I fix it for you today?".into())).unwrap()),
            BatchSize::SmallInput,
        )
    });
    c.bench_function("engine: start session (1,000 nodes)", |b| b.iter(|| black_box(start())));
}

/// The politeness corpus's requests (Wikipedia), or, where the shared data is not beside the
/// checkout, every authored option of the bundled pack, so the bench always has real text.
fn corpus() -> (String, Vec<String>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/scoring-dev/wikipedia.annotated.csv");
    if let Ok(mut reader) = csv::Reader::from_path(&path) {
        let texts: Vec<String> = reader.records().filter_map(Result::ok).map(|r| r[2].to_string()).collect();
        if !texts.is_empty() {
            return ("politeness corpus (Wikipedia)".into(), texts);
        }
    }
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let (scenarios, _) = cooldown::scenario::pack::load_pack(&pack);
    let texts = scenarios.iter().flat_map(|s| s.scenario.nodes.iter().flat_map(|n| n.choices.iter().map(|c| c.text.clone()))).collect();
    ("bundled options".into(), texts)
}

fn scorer_throughput(c: &mut Criterion) {
    let (name, texts) = corpus();
    let scorer = Scorer::bundled();
    let ctx = Context::default();
    let mut group = c.benchmark_group("scorer");
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.bench_function(format!("score every answer of the {name}, {} answers", texts.len()), |b| {
        b.iter(|| {
            for t in &texts {
                black_box(scorer.score(black_box(t), &ctx));
            }
        })
    });
    // The rubric alone, to show what the learned layer costs.
    let rules = Scorer::new(cooldown::scoring::Rubric::bundled());
    group.bench_function(format!("rules only (no learned layer), {} answers", texts.len()), |b| {
        b.iter(|| {
            for t in &texts {
                black_box(rules.score(black_box(t), &ctx));
            }
        })
    });
    group.finish();
}

/// A minute of speech-like audio at 48 kHz: syllable-modulated tone in bursts, with pauses.
fn minute_of_speech() -> Vec<f32> {
    let rate = 48_000.0f32;
    (0..60 * 48_000)
        .map(|i| {
            let t = i as f32 / rate;
            let talking = (t % 5.0) < 3.5;
            let syllables = 0.6 + 0.4 * (t * 4.0 * std::f32::consts::TAU).sin();
            if talking { 0.3 * syllables * (t * 180.0 * std::f32::consts::TAU).sin() } else { 0.001 }
        })
        .collect()
}

/// Throughput in seconds of audio analysed per second: "elements" are seconds of audio.
fn audio_analysis(c: &mut Criterion) {
    let samples = minute_of_speech();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("minute.wav");
    cooldown::audio::wav::write_mono(&file, &samples, 48_000).unwrap();
    let analysed = cooldown::audio::wav::analyse_samples(&samples, 48_000);
    assert_eq!(analysed.voiced.len(), 12, "the bench audio has 12 bursts of speech: {:?}", analysed.voiced);

    let mut group = c.benchmark_group("audio analysis (elements = seconds of audio)");
    group.throughput(Throughput::Elements(60));
    group.bench_function("analyse 60 s at 48 kHz in memory (RMS, peak, voice activity)", |b| {
        b.iter(|| black_box(cooldown::audio::wav::analyse_samples(black_box(&samples), 48_000)))
    });
    group.bench_function("read + analyse a 60 s 48 kHz WAV file", |b| {
        b.iter(|| black_box(cooldown::audio::wav::analyse(black_box(&file)).unwrap()))
    });
    group.bench_function("tidy a 60 s take (trim + normalise)", |b| {
        b.iter(|| black_box(cooldown::audio::tidy::tidy(black_box(&samples), 48_000)))
    });
    group.finish();
}

/// The results databases to measure: an SQLite file in `dir` always, and a new database on the
/// PostgreSQL server that `COOLDOWN_TEST_POSTGRES` names (`make bench` starts a local one).
fn backends(dir: &Path, name: &str) -> Vec<(&'static str, cooldown::store::Location)> {
    use cooldown::store::Location;
    #[allow(unused_mut)] // a server is added only with the `postgres` feature
    let mut all = vec![("sqlite", Location::File(dir.join(format!("{name}.db"))))];
    #[cfg(feature = "postgres")]
    if let Ok(admin) = std::env::var("COOLDOWN_TEST_POSTGRES") {
        let mut client = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
        let db = format!("bench_{name}_{}", std::process::id());
        client.batch_execute(&format!("DROP DATABASE IF EXISTS {db}")).unwrap();
        client.batch_execute(&format!("CREATE DATABASE {db}")).unwrap();
        let (server, _) = admin.rsplit_once('/').unwrap();
        all.push(("postgres", Location::Server(format!("{server}/{db}"))));
    }
    if all.len() == 1 {
        eprintln!("note: the store is measured on SQLite only; `make bench` measures PostgreSQL too");
    }
    all
}

/// A results database at `at` with `n` finished sessions of the bundled patience-test (6 turns
/// each), kept as a player keeps them: a committed write per answer.
fn filled_store(at: &cooldown::store::Location, n: u64) -> cooldown::store::Store {
    use cooldown::store::{Role, ScenarioRef, Store};
    let loaded = cooldown::scenario::load_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/patience-test.ron")).unwrap();
    let store = Store::open_at(at).unwrap();
    let script = [
        Response::Choice(0),
        Response::Text("The 3000 isn't made any more, but I can repair yours or offer you a refund.".into()),
        Response::Choice(0),
        Response::Text("I'm sorry. I understand how frustrating that is after eleven years.".into()),
        Response::Choice(0),
        Response::Text("Thank you for your patience today, Victor.".into()),
    ];
    for seed in 0..n {
        let person = store.person(&format!("person {}", seed % 40), Role::Trainee, None).unwrap();
        let id = store.begin(&person, &ScenarioRef::of(&loaded), Mode::Practice, seed, None).unwrap();
        let (mut session, _) = Session::start(Arc::new(loaded.scenario.clone()), seed, Mode::Practice).unwrap();
        for r in &script {
            session.respond(r.clone()).unwrap();
            store.add_turn(id, session.turns().last().unwrap(), r).unwrap();
        }
        store.finish(id, session.result().unwrap()).unwrap();
    }
    store
}

/// Grows a store of 200 sessions (ids 1 to 200) to `200 * copies` by copying its sessions and
/// turns under new ids, in SQL: 10,000 sessions kept one write at a time would take minutes.
fn multiply(at: &cooldown::store::Location, copies: i64) {
    const SESSION: &str = "person_id, scenario_id, scenario_format, scenario_hash, scenario_path, mode, seed, started_ms, ended_ms, outcome, ending_id, \
                           patience, empathy, clarification, resolution, overall, band, result_json, answers_dir";
    const TURN: &str = "number, node_id, kind, choice, text, patience, empathy, clarification, resolution, anger_before, anger_after, \
                        answered_ms, response_json, turn_json, audio, latency_s, talk_s, loudness_db";
    let sql: String = (1..copies)
        .map(|k| {
            format!(
                "INSERT INTO sessions (id, {SESSION}) SELECT id + {o}, {SESSION} FROM sessions WHERE id <= 200;
                 INSERT INTO turns (session_id, {TURN}) SELECT session_id + {o}, {TURN} FROM turns WHERE session_id <= 200;",
                o = k * 200
            )
        })
        .collect();
    match at {
        cooldown::store::Location::File(path) => rusqlite::Connection::open(path).unwrap().execute_batch(&format!("BEGIN; {sql} COMMIT;")).unwrap(),
        #[cfg(feature = "postgres")]
        cooldown::store::Location::Server(url) => {
            let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
            client.batch_execute(&format!("BEGIN; {sql} COMMIT; ANALYZE;")).unwrap();
        }
        #[cfg(not(feature = "postgres"))]
        cooldown::store::Location::Server(_) => unreachable!(),
    }
}

fn store_and_reports(c: &mut Criterion) {
    use cooldown::report::{self, Filter};
    let dir = tempfile::tempdir().unwrap();
    let mut sessions = Vec::new();
    for (engine, at) in backends(dir.path(), "reports") {
        let store = filled_store(&at, 200);
        sessions = report::gather(&store, &Filter::default(), |_, _| {}).unwrap();
        assert_eq!(sessions.len(), 200);

        // One committed write per answer: what the player waits for after each turn. In a
        // store of its own, so the thousands of turns it adds do not weigh on the reading
        // benchmarks.
        let (_, scratch) = backends(dir.path(), &format!("writes_{engine}")).into_iter().find(|(e, _)| *e == engine).unwrap();
        let writes = filled_store(&scratch, 1);
        let target = writes.sessions(None).unwrap()[0].id;
        let turn = sessions[0].turns[0].clone();
        let response = Response::Choice(0);
        let mut number = 1000;
        c.bench_function(&format!("store ({engine}): keep one turn (a committed write)"), |b| {
            b.iter(|| {
                number += 1;
                let turn = cooldown::engine::Turn { number, ..turn.clone() };
                writes.add_turn(target, &turn, &response).unwrap()
            })
        });
        let mut group = c.benchmark_group(format!("store ({engine}): reading sessions for a report (elements = sessions)"));
        group.throughput(Throughput::Elements(200));
        group.bench_function("200 sessions with their turns and reviews", |b| {
            b.iter(|| black_box(report::gather(&store, &Filter::default(), |_, _| {}).unwrap()))
        });
        drop(store);
        // A big team's cohort report: 10,000 sessions (60,000 turns).
        multiply(&at, 50);
        let store = cooldown::store::Store::read_at(&at).unwrap();
        assert_eq!(report::gather(&store, &Filter::default(), |_, _| {}).unwrap().len(), 10_000);
        group.throughput(Throughput::Elements(10_000));
        group.sample_size(10);
        group.bench_function("10,000 sessions with their turns and reviews", |b| {
            b.iter(|| black_box(report::gather(&store, &Filter::default(), |_, _| {}).unwrap()))
        });
        group.finish();
    }

    let mut group = c.benchmark_group("reports of 200 sessions (elements = sessions)");
    group.throughput(Throughput::Elements(200));
    group.bench_function("cohort HTML page", |b| b.iter(|| black_box(report::html::cohort(&Filter::default(), &sessions, 0))));
    group.bench_function("CSV, sessions and turns", |b| {
        b.iter(|| {
            let (mut s, mut t) = (Vec::new(), Vec::new());
            report::csv::sessions(&mut s, &sessions).unwrap();
            report::csv::turns(&mut t, &sessions).unwrap();
            black_box((s, t))
        })
    });
    group.bench_function("xAPI statements", |b| b.iter(|| black_box(report::xapi::statements(&sessions))));
    group.finish();
}

criterion_group!(benches, load_and_lint, explore, walker, engine_step, scorer_throughput, audio_analysis, store_and_reports);
criterion_main!(benches);
