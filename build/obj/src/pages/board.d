build/obj/src/pages/board.o: src/pages/board.c src/pages/board.h \
 src/http/request.h src/util/buf.h src/util/problem.h src/render/view.h \
 src/pages/pages.h src/domain/person.h src/db/db.h src/domain/field.h \
 src/domain/status.h src/render/i18n.h src/util/banned.h
src/pages/board.h:
src/http/request.h:
src/util/buf.h:
src/util/problem.h:
src/render/view.h:
src/pages/pages.h:
src/domain/person.h:
src/db/db.h:
src/domain/field.h:
src/domain/status.h:
src/render/i18n.h:
src/util/banned.h:
