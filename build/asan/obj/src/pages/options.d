build/asan/obj/src/pages/options.o: src/pages/options.c src/pages/pages.h \
 src/http/request.h src/util/buf.h src/util/problem.h src/render/view.h \
 src/domain/category.h src/db/db.h src/domain/person.h src/domain/field.h \
 src/domain/status.h src/domain/zone.h src/render/i18n.h src/util/num.h \
 src/util/banned.h
src/pages/pages.h:
src/http/request.h:
src/util/buf.h:
src/util/problem.h:
src/render/view.h:
src/domain/category.h:
src/db/db.h:
src/domain/person.h:
src/domain/field.h:
src/domain/status.h:
src/domain/zone.h:
src/render/i18n.h:
src/util/num.h:
src/util/banned.h:
