build/asan/tests/test_mustache: tests/unit/test_mustache.c tests/tap.h \
 src/render/mustache.h src/render/../util/buf.h src/util/buf.h \
 src/util/banned.h
tests/tap.h:
src/render/mustache.h:
src/render/../util/buf.h:
src/util/buf.h:
src/util/banned.h:
