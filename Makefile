# Solidarity — plain GNU make, pkg-config for every library.
#
#   make            build/solidarity
#   make run        install missing packages, build, seed a demo, serve :8080
#   make test       ASan+UBSan build, unit + HTTP tests, "N passed, N failed"
#                   (SQLite, and PostgreSQL in a throwaway cluster)
#   make bench      optimized build, the 100,000-ask workload under wrk,
#                   on SQLite and on PostgreSQL (a throwaway cluster)
#   make soak       optimized build, 1,000 connections for SOAK_SECONDS (60)
#                   under wrk: zero errors, p50/p99
#   make crash      the crash test alone, ROUNDS rounds (20) on both backends
#   make mutate     mutants of the route roles, the gate and the privacy
#                   rules, one at a time: every one must be caught
#   make coverage   line coverage of src/ over make test's suite, per folder
#   make fuzz       libFuzzer harnesses (clang), FUZZ_SECONDS each
#   make lint       clang-format (any difference fails) and cppcheck
#   make install    the release build, its man page, the systemd units and
#                   the docs under PREFIX (/usr/local), staged in DESTDIR

# libcurl: the SMS outbox posts to the gateway (domain/sms_gateway.c);
# liblz4: the response cache keeps its pages compressed (http/cache.c).
PKGS	 = libmicrohttpd sqlite3 libpq jansson libsodium libqrencode xlsxwriter \
	   libcurl liblz4
# libcsv ships no pkg-config file: linked by name (util/csv.c).
NOPC_LIBS = -lcsv
# libxml2: the figures' test parses their SVG with a real XML parser;
# zlib: the export test unpacks the XLSX files.
TESTPKGS = libxml-2.0 zlib

CC	?= cc
MODE	?= debug
B	?= build

WARN	 = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wshadow \
	   -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
# CI holds every change to a clean build; locally a warning stays a warning.
ifeq ($(CI),true)
WARN	+= -Werror
endif

ifeq ($(MODE),asan)
OPT	 = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	   -fno-sanitize-recover=undefined
LDOPT	 = -fsanitize=address,undefined
else ifeq ($(MODE),coverage)
OPT	 = -O0 -g --coverage
LDOPT	 = --coverage
else ifeq ($(MODE),release)
OPT	 = -O2 -DNDEBUG -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
LDOPT	 = -pie -Wl,-z,relro,-z,now
else
OPT	 = -O2 -g -D_FORTIFY_SOURCE=2 -fstack-protector-strong
LDOPT	 =
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) $(NOPC_LIBS) \
	      -lpthread -lm
TEST_LIBS  := $(shell pkg-config --libs $(TESTPKGS) 2>/dev/null)
TEST_CFLAGS := $(shell pkg-config --cflags $(TESTPKGS) 2>/dev/null)
CFLAGS_ALL  = $(WARN) $(OPT) $(PKG_CFLAGS) -Isrc -I$(B)/gen -MMD -MP

SRC	:= $(sort $(wildcard src/*/*.c))
HDR	:= $(sort $(wildcard src/*/*.h))
OBJ	:= $(SRC:%.c=$(B)/obj/%.o) $(B)/obj/gen/assets.o
ASSETS	:= $(sort $(wildcard templates/*.mustache static/* schema/*.sql \
	   locale/*.json))

UNIT	:= $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/test_*.c))
HTTP	:= $(patsubst tests/http/%.c,$(B)/tests/%,$(wildcard tests/http/test_*.c))
REGRESS	:= $(patsubst tests/regress/%.c,$(B)/tests/%,$(wildcard tests/regress/*.c))
# Shell test programs, copied beside the others for tests/run.
SCRIPTS	:= $(patsubst tests/install/%,$(B)/tests/%, \
	   $(wildcard tests/install/test_*))
FUZZSRC	:= $(wildcard fuzz/fuzz_*.c)
# Linked into every test program: the database under test.
TESTLIB	:= tests/testdb.c tests/testdb.h
REPLAY	:= $(patsubst fuzz/%.c,$(B)/tests/replay_%,$(FUZZSRC))

.PHONY: all run deps test testbins bench soak fuzz lint clean
all: $(B)/solidarity

$(B)/solidarity: $(B)/obj/src/main.o $(B)/libsolidarity.a
	$(CC) $(LDOPT) $(OPT) -o $@ $^ $(PKG_LIBS)

$(B)/libsolidarity.a: $(filter-out $(B)/obj/src/main.o,$(OBJ))
	rm -f $@
	ar rcs $@ $^

$(B)/obj/src/main.o: src/main.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

# Templates, the stylesheet, migrations and catalogs are compiled in.
$(B)/embed: tools/embed.c
	@mkdir -p $(dir $@)
	cc -O2 -o $@ $<

$(B)/gen/assets.c: $(B)/embed $(ASSETS)
	@mkdir -p $(dir $@)
	$(B)/embed $(ASSETS) > $@.tmp && mv $@.tmp $@

$(B)/obj/gen/assets.o: $(B)/gen/assets.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(TESTLIB) $(B)/libsolidarity.a tests/tap.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests $(LDOPT) -o $@ $< tests/testdb.c \
	    $(B)/libsolidarity.a $(PKG_LIBS)

$(B)/tests/%: tests/http/%.c tests/http/client.c tests/http/client.h \
    $(TESTLIB) $(B)/libsolidarity.a tests/tap.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(TEST_CFLAGS) -Itests $(LDOPT) -o $@ $< \
	    tests/http/client.c tests/testdb.c $(B)/libsolidarity.a \
	    $(PKG_LIBS) $(TEST_LIBS)

$(B)/tests/%: tests/regress/%.c tests/http/client.c tests/http/client.h \
    $(TESTLIB) $(B)/libsolidarity.a tests/tap.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests -Itests/http $(LDOPT) -o $@ $< \
	    tests/http/client.c tests/testdb.c $(B)/libsolidarity.a \
	    $(PKG_LIBS) $(TEST_LIBS)

# Every fuzz harness is also built with a plain main() that replays the
# committed corpus and crashers, so make test keeps them fixed.
$(B)/tests/replay_%: fuzz/%.c fuzz/replay.c $(TESTLIB) $(B)/libsolidarity.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests $(LDOPT) -o $@ $< fuzz/replay.c \
	    tests/testdb.c $(B)/libsolidarity.a $(PKG_LIBS)

deps:
	@tools/deps build

testbins: $(B)/solidarity $(UNIT) $(HTTP) $(REGRESS) $(REPLAY) $(SCRIPTS)

# PostgreSQL: a throwaway cluster for the tests that run on both backends
# (tests/pg/with; SOLIDARITY_TEST_PG=URL uses a server of your own).
test:
	@tools/deps test
	@$(MAKE) --no-print-directory MODE=asan B=build/asan testbins
	@tests/pg/with tests/run build/asan

# The demo's logins are printed once when it is made, and kept beside the
# database so that every later make run can say how to sign in: before
# the build's and the server's lines, and again once the server answers
# (tools/run), last, where they are still on the screen.
run: deps all
	@test -f solidarity.db || { ./$(B)/solidarity init --db solidarity.db && \
	    ./$(B)/solidarity demo --db solidarity.db > solidarity.logins; }
	@cat solidarity.logins 2>/dev/null || true
	tools/run ./$(B)/solidarity solidarity.db 127.0.0.1:8080 \
	    solidarity.logins

bench:
	@tools/deps bench
	@$(MAKE) --no-print-directory MODE=release B=build/release \
	    build/release/solidarity
	@bench/run build/release/solidarity
	@bench/restart build/release/solidarity

# Many connections held open at once, every request answered 2xx.
soak:
	@tools/deps bench
	@$(MAKE) --no-print-directory MODE=release B=build/release \
	    build/release/solidarity
	@bench/soak build/release/solidarity

# The crash test alone, on both backends, with as many rounds as asked:
# make crash ROUNDS=200 (make test runs it with 20).
ROUNDS ?= 20
.PHONY: crash
crash:
	@$(MAKE) --no-print-directory MODE=asan B=build/asan \
	    build/asan/solidarity build/asan/tests/test_crash
	@ROUNDS=$(ROUNDS) tests/pg/with tests/run build/asan test_crash

# Each mutant rebuilt and tested on SQLite in a scratch copy of the tree;
# the score, and a failure for any mutant no test catches (tools/mutate).
.PHONY: mutate
mutate:
	@tools/deps mutate
	@tools/mutate

# The whole suite on both backends over a --coverage build: 80% of the
# lines of every folder of src/ and 85% in all, or it fails.
.PHONY: coverage
coverage:
	@tools/deps coverage
	@$(MAKE) --no-print-directory MODE=coverage B=build/coverage testbins
	@tools/coverage build/coverage

FUZZ_SECONDS ?= 60
fuzz:
	@$(MAKE) --no-print-directory CC=clang MODE=fuzz B=build/fuzz \
	    OPT="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" \
	    build/fuzz/libsolidarity.a
	@tools/fuzz build/fuzz $(FUZZ_SECONDS)

# The code is kept as .clang-format writes it: any difference fails.
lint:
	@tools/deps lint
	clang-format --dry-run --Werror $(SRC) $(HDR) src/main.c
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
	    --inline-suppr --include=tools/cppcheck.h -Isrc $(SRC) src/main.c

clean:
	rm -rf build

$(B)/tests/%: tests/install/%
	@mkdir -p $(dir $@)
	cp $< $@

# The man page is made from the program's own --help (tools/manpage).
%/solidarity.1: %/solidarity tools/manpage
	tools/manpage $< > $@.tmp && mv $@.tmp $@

.PHONY: man release install uninstall
man: $(B)/solidarity.1

release:
	@$(MAKE) --no-print-directory MODE=release B=build/release \
	    build/release/solidarity build/release/solidarity.1

# make install: what a machine runs the server with (docs/deploy.md).
# Build first as yourself (make release), then sudo make install. The
# units name /usr/local/bin and /usr/local/share/doc: installed, they name
# BINDIR and DOCDIR. INSTALL_BIN names another binary to install (the
# install test installs the one it tests).
PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
DOCDIR	?= $(PREFIX)/share/doc/solidarity
UNITDIR	?= $(PREFIX)/lib/systemd/system
INSTALL_BIN ?= build/release/solidarity
UNITS	:= deploy/solidarity.service deploy/solidarity-backup.service \
	   deploy/solidarity-backup.timer
DOCS	:= README.md $(wildcard docs/*.md) deploy/nginx.conf

install:
	@$(MAKE) --no-print-directory $(if $(filter build/release/solidarity, \
	    $(INSTALL_BIN)),MODE=release B=build/release) \
	    $(INSTALL_BIN) $(INSTALL_BIN).1
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(UNITDIR) $(DESTDIR)$(DOCDIR)
	install -m 0755 $(INSTALL_BIN) $(DESTDIR)$(BINDIR)/solidarity
	install -m 0644 $(INSTALL_BIN).1 $(DESTDIR)$(MANDIR)/man1/solidarity.1
	for u in $(UNITS); do \
	    sed -e 's|/usr/local/bin/|$(BINDIR)/|g' \
	    -e 's|/usr/local/share/doc/solidarity/|$(DOCDIR)/|g' $$u \
	    > $(DESTDIR)$(UNITDIR)/$${u##*/} && \
	    chmod 0644 $(DESTDIR)$(UNITDIR)/$${u##*/} || exit 1; \
	done
	install -m 0644 $(DOCS) $(DESTDIR)$(DOCDIR)

# Leaves the database and the backups, which are the network's.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/solidarity \
	    $(DESTDIR)$(MANDIR)/man1/solidarity.1 \
	    $(addprefix $(DESTDIR)$(UNITDIR)/,$(notdir $(UNITS))) \
	    $(addprefix $(DESTDIR)$(DOCDIR)/,$(notdir $(DOCS)))
	-rmdir $(DESTDIR)$(DOCDIR)

-include $(OBJ:.o=.d) $(B)/obj/src/main.d
