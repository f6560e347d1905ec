build/asan/tests/test_field: tests/unit/test_field.c tests/tap.h \
 src/domain/field.h src/util/problem.h
tests/tap.h:
src/domain/field.h:
src/util/problem.h:
