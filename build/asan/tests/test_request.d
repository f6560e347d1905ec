build/asan/tests/test_request: tests/unit/test_request.c tests/tap.h \
 src/http/request.h src/util/buf.h src/util/problem.h
tests/tap.h:
src/http/request.h:
src/util/buf.h:
src/util/problem.h:
