build/fuzz/obj/src/render/i18n.o: src/render/i18n.c src/render/i18n.h \
  src/util/buf.h src/util/asset.h src/util/mem.h src/util/banned.h

src/render/i18n.h:

src/util/buf.h:

src/util/asset.h:

src/util/mem.h:

src/util/banned.h:
