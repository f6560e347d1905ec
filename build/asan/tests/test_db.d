build/asan/tests/test_db: tests/unit/test_db.c tests/tap.h src/db/db.h
tests/tap.h:
src/db/db.h:
