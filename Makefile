# cooldown: the two commands of the quick start are `make run` and `make test`.
# One target directory for every build (the Makefile, .ci/run and you), so an
# expensive Bevy build is done once per machine and reused.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/cooldown/target
CARGO ?= cargo

# Debian packages needed to build (ALSA for cpal, udev/wayland/xkbcommon for Bevy's window).
BUILD_PKGS := pkg-config libasound2-dev libudev-dev libwayland-dev libxkbcommon-dev
# Packages for headless screenshot runs (software Vulkan under Xvfb).
SHOT_PKGS := xvfb mesa-vulkan-drivers libvulkan1
# What the window uses where installed: a font for Chinese, Japanese and Korean (1.6 MB).
RUN_PKGS := fonts-wqy-microhei

.PHONY: run test deps stt bench-stt bench bench-batch calibrate train screenshots prompts report-demo torture fuzz typing-check idle-check

## Install what is missing, then play the bundled scenarios.
run: deps
	-@bash scripts/stt.sh || echo "(speech-to-text not installed: spoken answers wait for typed words; make stt tries again)"
	$(CARGO) run --

# The PostgreSQL server the store's tests run against (a throw-away one, see scripts/with-postgres.sh).
TEST_PKGS := espeak-ng postgresql

## Every test: the pure core without default features, then everything beside a throw-away
## PostgreSQL server, so the store's tests run on both backends (espeak-ng for the
## placeholder-voice test); then the bundled pack's lint and test plans.
test: deps stt
	@bash scripts/deps.sh $(TEST_PKGS)
	$(CARGO) test --no-default-features --all-targets
	COOLDOWN_TEST_STT=1 bash scripts/with-postgres.sh $(CARGO) test
	$(CARGO) run --quiet -- lint scenarios/ assessments/
	$(CARGO) run --quiet -- test scenarios/

## The results database under kill -9: 200 scripted sessions killed at random points (make
## test runs 16 of them).
torture:
	COOLDOWN_TORTURE_SESSIONS=200 $(CARGO) test --no-default-features --test torture -- --nocapture

## Generated bad scenarios, thousands of each kind (make test runs 48); a failing case is
## shrunk and kept in tests/fixtures/fuzz/regressions.txt. Run before each release.
fuzz:
	COOLDOWN_FUZZ_CASES=5000 $(CARGO) test --release --no-default-features --test fuzz -- --nocapture

## Offline speech-to-text for spoken answers (Whisper tiny.en via faster-whisper, pinned and
## hash-checked, a 200 MB download, 550 MB in the cache folder; about 20 s). `make test` runs it.
stt:
	@bash scripts/stt.sh

## Speech-to-text figures on this machine: model load time, real-time factor, peak memory.
bench-stt: stt
	@bash scripts/bench-stt.sh

## Install missing system packages (Debian/Ubuntu via apt-get; elsewhere print what to install).
deps:
	@bash scripts/deps.sh $(BUILD_PKGS) $(RUN_PKGS)

## Criterion benchmarks of the pure core (load + lint, engine step, scorer throughput, audio
## analysis, keeping a turn, reports), the store's on SQLite and on a local PostgreSQL server.
bench:
	@bash scripts/deps.sh postgresql
	COOLDOWN_PG_DURABLE=1 bash scripts/with-postgres.sh $(CARGO) bench --no-default-features --features postgres --bench core

## `cooldown score --batch` as a whole process against Python's vaderSentiment (pinned,
## hash-checked, in a venv in the cache folder) on the same 50,000 rated texts.
bench-batch:
	@bash scripts/bench-batch.sh

## A demonstration cohort (scripted sessions of the bundled pack) reported as HTML, CSV and xAPI
## in docs/report/, with both pages screenshotted in headless Chromium.
report-demo: deps
	@bash scripts/demo-report.sh

## The real window under Xvfb, a 2,000-character answer typed by xdotool at 20 ms a key: the
## store must keep every character.
typing-check: deps
	@bash scripts/typing-check.sh

## The real window under Xvfb waiting on a question: CPU over 10 s (below 5% of a core) and
## resident memory. `make idle-check SIZE=1920x1080 MODE=screening` for others.
idle-check: deps
	@bash scripts/idle-check.sh $(or $(SIZE),1280x720) $(or $(MODE),practice)

## Placeholder voices (espeak-ng) for every bundled line that has no recording.
prompts: deps
	@bash scripts/make-prompts.sh

## The free-text scorer against human ratings (needs ../shared/data/scoring-dev): 5-fold
## figures of fitting the learned layer, and the shipped scorer's figures (docs/scoring.md).
calibrate:
	$(CARGO) run --release --no-default-features --example calibrate -- $(or $(DATA),../shared/data/scoring-dev)

## Refit the learned layer on the rated data (fixed seed): writes assets/learned.ron and the
## figures in docs/scoring.md. Run `make test` after it: tests/model_card.rs holds the card.
train:
	$(CARGO) run --release --no-default-features --example calibrate -- $(or $(DATA),../shared/data/scoring-dev) --write

## The real window under Xvfb with Mesa's software Vulkan: title, picker, session, debrief, and an
## assessment's code, notice and call, the review screen (blind, then submitted), the settings
## (then high contrast at 200% text: the title scrolled by Tab to its last option, a call and its
## debrief), a
## practice call's branch graph (F2) and a watched scenario
## saved with a mistake (the errors overlay), saved as PNGs in docs/screenshots (1280x720) and its
## 800x600 and 1920x1080 folders, with start-up and frame times in timings.txt.
screenshots: deps
	@bash scripts/deps.sh $(SHOT_PKGS)
	$(CARGO) build
	mkdir -p docs/screenshots
	@for size in 1280x720 800x600 1920x1080; do \
	  dir=docs/screenshots; [ $$size = 1280x720 ] || dir=docs/screenshots/$$size; mkdir -p $$dir; \
	  WGPU_ALLOW_UNDERLYING_NONCOMPLIANT_ADAPTER=1 XDG_RUNTIME_DIR=$${XDG_RUNTIME_DIR:-/tmp} \
	    xvfb-run -a -s "-screen 0 $${size}x24" $(CARGO) run --quiet -- play --screenshots $$dir --window-size $$size || exit 1; \
	  for f in 1-title 2-picker 3-session 4-debrief 5-assessment-code 6-assessment-notice 7-assessment-call 8-review 9-review-submitted 10-settings 11-settings-high-contrast-200 12-title-high-contrast-200 13-graph 14-watch-errors 15-session-high-contrast-200 16-debrief-high-contrast-200; do \
	    test -s $$dir/$$f.png || { echo "missing $$dir/$$f.png"; exit 1; }; done; \
	  echo "$$size:"; cat $$dir/timings.txt; done
