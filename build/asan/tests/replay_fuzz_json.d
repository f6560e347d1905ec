build/asan/tests/replay_fuzz_json: fuzz/replay.c src/util/buf.h \
 src/util/banned.h
src/util/buf.h:
src/util/banned.h:
