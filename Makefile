# usmtwiz: one non-recursive GNU Makefile.
#   make              build usmtwiz and scanstate-sim
#   make check        install what is missing, then run every test suite
#   make demo         install what is missing, build, start the wizard on a
#                     practice volume with the simulator
#   make bench        benchmarks against the tools people use instead
#   make screenshots  the README's screenshots (assets/screenshots/*.png)
#   make install      PREFIX=/usr/local DESTDIR=
# Knobs: DEVELOPER=1 (-Werror), SANITIZE=address,undefined, V=1,
#        LAZY_XML=no, STATIC_CURSES=no (POSIX start-up, see below),
#        CROSS=x86_64-w64-mingw32- (Windows build, see README).

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/usmtwiz
PKG_CONFIG ?= pkg-config
# SYSROOT=DIR: the MinGW libraries of a Windows build (see README); their
# pkg-config files, and only those, describe ncursesw, libxml2 and hivex.
ifdef SYSROOT
ifeq ($(wildcard $(SYSROOT)/lib/pkgconfig/hivex.pc),)
ifeq ($(filter clean distclean sysroot,$(MAKECMDGOALS)),)
$(error SYSROOT=$(SYSROOT) holds no MinGW libraries yet: run 'make sysroot SYSROOT_DIR=$(SYSROOT)')
endif
endif
PKG_CONFIG := PKG_CONFIG_PATH= PKG_CONFIG_LIBDIR=$(abspath $(SYSROOT))/lib/pkgconfig \
              $(PKG_CONFIG)
else ifneq ($(CROSS),)
ifeq ($(filter clean distclean sysroot,$(MAKECMDGOALS)),)
$(error the Windows build needs SYSROOT=DIR, the MinGW libraries: 'make sysroot' builds build-sysroot (README, Windows PE))
endif
endif
CROSS ?=
CC := $(if $(CROSS),$(CROSS)gcc,$(if $(filter default,$(origin CC)),cc,$(CC)))
AR := $(if $(CROSS),$(CROSS)ar,ar)
STRIP := $(if $(CROSS),$(CROSS)strip,strip)
SHARED_DIR ?= $(abspath $(CURDIR)/../shared)

-include config.mak

MACHINE := $(shell $(CC) -dumpmachine 2>/dev/null)
PLATFORM ?= $(if $(findstring mingw,$(MACHINE)),win32,posix)
EXE := $(if $(filter win32,$(PLATFORM)),.exe,)

ifdef SANITIZE
BUILD ?= build-san
SAN_FLAGS := -fsanitize=$(SANITIZE) -fno-sanitize-recover=$(SANITIZE) \
             -fno-omit-frame-pointer
else ifeq ($(PLATFORM),win32)
BUILD ?= build-win32
else
BUILD ?= build
endif

ifeq ($(V),1)
Q :=
else
Q := @
endif

WARN := -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
        -Wmissing-prototypes -Wold-style-definition -Wpointer-arith \
        -Wwrite-strings -Wcast-qual -Wundef -Wvla -fno-common
ifeq ($(DEVELOPER),1)
WARN += -Werror
endif

OPT ?= -O2 -g
CPPFLAGS += -Iinclude -DWIZ_DATADIR='"$(DATADIR)"'
ifeq ($(PLATFORM),win32)
# static ncursesw (no DLL imports); the exe only imports system DLLs
CPPFLAGS += -D__USE_MINGW_ANSI_STDIO=1 -DUNICODE -D_UNICODE -DNCURSES_STATIC
LDFLAGS += -static
endif
CFLAGS ?=
ALL_CFLAGS = -std=c11 $(OPT) $(WARN) $(SAN_FLAGS) $(CFLAGS)
LDFLAGS += $(SAN_FLAGS)

PC_CORE := libxml-2.0 hivex
PC_UI := ncursesw
CORE_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PC_CORE) 2>/dev/null)
CORE_LIBS := $(shell $(PKG_CONFIG) --libs $(PC_CORE) 2>/dev/null)
UI_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PC_UI) 2>/dev/null)
UI_LIBS := $(shell $(PKG_CONFIG) --libs $(PC_UI) 2>/dev/null)
TEST_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
TEST_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)
ifeq ($(PLATFORM),win32)
SYS_LIBS := -lshell32
else
SYS_LIBS := -lm
# libxml2 (and the ICU and C++ runtime it brings) loads the first time XML
# is parsed, not at start (src/core/usmt/xmllazy.c); --as-needed drops
# it from the programs' start-up libraries.  LAZY_XML=no links it as usual.
LAZY_XML ?= yes
ifeq ($(LAZY_XML),yes)
CPPFLAGS += -DWIZ_LAZY_XML
LDFLAGS += -Wl,--as-needed -Wl,-O1
endif
# ncursesw and libtinfo linked in, as in the Windows build: loading them
# and binding their symbols was a fifth of the wizard's time to its first
# screen.  STATIC_CURSES=no (or a system without libncursesw.a) links the
# shared libraries.
STATIC_CURSES ?= yes
ifeq ($(STATIC_CURSES),yes)
ifneq ($(wildcard $(shell $(CC) -print-file-name=libncursesw.a)),)
UI_LIBS := -Wl,-Bstatic $(UI_LIBS) -Wl,-Bdynamic
endif
endif
endif

BASE_SRC := $(sort $(wildcard src/base/*.c))
CORE_SRC := $(sort $(wildcard src/core/*/*.c))
LAB_SRC := $(sort $(wildcard src/lab/*.c))
PLAT_SRC := $(sort $(wildcard src/platform/$(PLATFORM)/*.c src/platform/common/*.c))
UI_SRC := $(sort $(wildcard src/ui/*.c) $(wildcard screens/*.c))
CMD_SRC := src/main.c $(sort $(wildcard src/cmd/*.c))
SIM_SRC := $(sort $(wildcard src/sim/*.c))
TEST_SUPPORT_SRC := $(sort $(wildcard tests/support/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
BASE_OBJ := $(call obj,$(BASE_SRC))
CORE_OBJ := $(call obj,$(CORE_SRC))
LAB_OBJ := $(call obj,$(LAB_SRC))
PLAT_OBJ := $(call obj,$(PLAT_SRC))
UI_OBJ := $(call obj,$(UI_SRC))
CMD_OBJ := $(call obj,$(CMD_SRC))
SIM_OBJ := $(call obj,$(SIM_SRC))
TEST_SUPPORT_OBJ := $(call obj,$(TEST_SUPPORT_SRC))

LIBCORE := $(BUILD)/libcore.a
LIBLAB := $(BUILD)/liblab.a
LIBUI := $(BUILD)/libui.a
USMTWIZ := $(BUILD)/usmtwiz$(EXE)
SIM := $(BUILD)/scanstate-sim$(EXE)
LOADSIM := $(BUILD)/loadstate-sim$(EXE)
UTILSIM := $(BUILD)/usmtutils-sim$(EXE)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%$(EXE),$(UNIT_SRC))

.PHONY: all clean check test unit e2e deps deps-demo demo bench install \
        lint check-win32 check-san fuzz docs screenshots sysroot distclean \
        winpe-folder
.DEFAULT_GOAL := all
.SECONDARY:

all: $(USMTWIZ) $(SIM) $(LOADSIM) $(UTILSIM)

$(BUILD)/obj/src/ui/%.o $(BUILD)/obj/screens/%.o: EXTRA_CFLAGS = $(UI_CFLAGS) $(CORE_CFLAGS)
$(BUILD)/obj/src/core/%.o $(BUILD)/obj/src/lab/%.o $(BUILD)/obj/src/cmd/%.o $(BUILD)/obj/src/sim/%.o: EXTRA_CFLAGS = $(CORE_CFLAGS)
$(BUILD)/obj/tests/%.o: EXTRA_CFLAGS = $(TEST_CFLAGS) $(CORE_CFLAGS) $(UI_CFLAGS) \
    -DFIXTURE_DIR='"$(CURDIR)/tests/fixtures"' \
    -DASSETS_DIR='"$(CURDIR)/assets"' \
    -DSHARED_DIR='"$(SHARED_DIR)"' \
    -DBUILD_DIR='"$(CURDIR)/$(BUILD)"'

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(EXTRA_CFLAGS) -MMD -MP -c $< -o $@

$(LIBCORE): $(BASE_OBJ) $(CORE_OBJ) $(PLAT_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

# The practice-volume tooling (regf writer, .reg importer, store writer,
# lessons): linked into usmtwiz for `lab` and the Result screen's lesson
# sheet, and into the simulator; the capture code in libcore never calls it.
$(LIBLAB): $(LAB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

LIBUI_OBJ := $(if $(UI_OBJ),$(UI_OBJ),$(BUILD)/obj/empty.o)
$(LIBUI): $(LIBUI_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/obj/empty.o:
	@mkdir -p $(@D)
	$(Q)echo 'static int wiz_empty_unit __attribute__((unused));' | $(CC) -x c -c - -o $@

$(USMTWIZ): $(CMD_OBJ) $(LIBUI) $(LIBLAB) $(LIBCORE)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $(CMD_OBJ) $(LIBUI) $(LIBLAB) $(LIBCORE) $(UI_LIBS) $(CORE_LIBS) $(SYS_LIBS)

$(SIM): $(SIM_OBJ) $(LIBLAB) $(LIBCORE)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $(SIM_OBJ) $(LIBLAB) $(LIBCORE) $(CORE_LIBS) $(SYS_LIBS)

# loadstate-sim: the same program; it runs the loadstate side when its
# name starts with "loadstate" (src/sim/loadstate.c).
$(LOADSIM): $(SIM)
	@$(if $(Q),echo "  COPY    $@")
	$(Q)cp $(SIM) $@

# usmtutils-sim: the same program again; it runs the usmtutils /verify
# stand-in when its name starts with "usmtutils" (src/sim/usmtutils.c).
$(UTILSIM): $(SIM)
	@$(if $(Q),echo "  COPY    $@")
	$(Q)cp $(SIM) $@

# Unit tests link libcore (no curses); tests named test_ui_* or
# test_screen_* also get the UI library.
$(BUILD)/tests/test_ui_%$(EXE) $(BUILD)/tests/test_screen_%$(EXE): EXTRA_LIBS = $(LIBUI) $(UI_LIBS)
$(BUILD)/tests/%$(EXE): $(BUILD)/obj/tests/unit/%.o $(TEST_SUPPORT_OBJ) $(LIBUI) $(LIBLAB) $(LIBCORE)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(TEST_SUPPORT_OBJ) $(EXTRA_LIBS) $(LIBLAB) $(LIBCORE) $(TEST_LIBS) $(CORE_LIBS) $(SYS_LIBS)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# ---- tests -------------------------------------------------------------

deps:
	@sh assets/install-deps.sh check

deps-demo:
	@sh assets/install-deps.sh demo

unit: all $(UNIT_BIN)
	@BUILD=$(BUILD) sh tests/run-unit.sh $(UNIT_BIN)

e2e: all
	@BUILD=$(BUILD) sh tests/e2e/run.sh

test: unit e2e

lint:
	@sh tests/lint.sh

check-san:
	@$(MAKE) --no-print-directory SANITIZE=address,undefined OPT="-O1 -g" test

check-win32:
	@sh tests/win32/run.sh

# The folder to copy into a Windows PE image (assets/doc/winpe.md):
# usmtwiz.exe, scanstate-sim.exe, help texts, presets and guides.
WINPE_DIR ?= $(BUILD)/usmtwiz-winpe
winpe-folder: all
	@rm -rf $(WINPE_DIR) && mkdir -p $(WINPE_DIR)
	cp $(USMTWIZ) $(SIM) $(LOADSIM) $(UTILSIM) $(WINPE_DIR)/
	$(STRIP) $(WINPE_DIR)/$(notdir $(USMTWIZ)) $(WINPE_DIR)/$(notdir $(SIM)) \
	    $(WINPE_DIR)/$(notdir $(LOADSIM))
	cp -R assets/help assets/presets assets/doc $(WINPE_DIR)/
	@echo "copy $(WINPE_DIR) to X:\\usmtwiz in the image (assets/doc/winpe.md)"

# The MinGW libraries of the Windows build, from Debian's source packages
# (make check builds them once per recipe into a cache outside the checkout:
# sh assets/win32/build-sysroot.sh --where).
SYSROOT_DIR ?= build-sysroot
sysroot:
	@sh assets/win32/build-sysroot.sh $(SYSROOT_DIR)

check: deps
	@sh tests/check.sh

fuzz:
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)

# ---- demo, bench, install ----------------------------------------------

DEMO_DIR ?= $(BUILD)/demo
# the first run builds everything: on every core, once the dependencies
# are in (-j from nproc unless make was given -j)
demo: deps-demo
	$(Q)case " $$MAKEFLAGS" in *\ -j*|*jobserver*) j= ;; \
	    *) j=-j$$(nproc 2>/dev/null || echo 2) ;; esac; \
	$(MAKE) --no-print-directory $$j all
	@rm -rf $(DEMO_DIR)
	$(Q)./$(USMTWIZ) lab create demo $(DEMO_DIR)
	$(Q)./$(USMTWIZ) --volume-root $(DEMO_DIR)/volumes --usmt $(DEMO_DIR)/usmt --simulate --log $(DEMO_DIR)/usmtwiz.log

bench: all
	@BUILD=$(BUILD) sh tests/bench/run.sh

docs: all
	@sh tests/docs.sh --update

screenshots: all
	@sh tests/screenshots/make.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)
	install -m 755 $(USMTWIZ) $(SIM) $(LOADSIM) $(UTILSIM) $(DESTDIR)$(BINDIR)/
	install -m 644 assets/man/*.1 $(DESTDIR)$(MANDIR)/man1/
	for d in scenarios help presets doc training; do \
	    if [ -d assets/$$d ]; then cp -R assets/$$d $(DESTDIR)$(DATADIR)/; fi; \
	done

clean:
	rm -rf build build-san build-win32 build-fuzz

distclean: clean
	rm -rf build-sysroot
