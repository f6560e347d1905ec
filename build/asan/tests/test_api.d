build/asan/tests/test_api: tests/http/client.c tests/http/client.h \
 src/util/buf.h
tests/http/client.h:
src/util/buf.h:
