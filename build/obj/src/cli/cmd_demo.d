build/obj/src/cli/cmd_demo.o: src/cli/cmd_demo.c src/cli/cmd.h \
 src/db/db.h src/domain/field.h src/util/problem.h src/domain/need.h \
 src/domain/field.h src/domain/offer.h src/domain/person.h \
 src/domain/status.h src/domain/zone.h src/util/buf.h src/util/clock.h \
 src/util/mem.h src/util/num.h src/util/banned.h
src/cli/cmd.h:
src/db/db.h:
src/domain/field.h:
src/util/problem.h:
src/domain/need.h:
src/domain/field.h:
src/domain/offer.h:
src/domain/person.h:
src/domain/status.h:
src/domain/zone.h:
src/util/buf.h:
src/util/clock.h:
src/util/mem.h:
src/util/num.h:
src/util/banned.h:
