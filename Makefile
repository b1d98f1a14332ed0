# tip: one non-recursive GNU Makefile for the whole tree.
#
# Sources are found by convention, so adding a file never needs an edit here:
#   stages/common/*.c            -> $(BUILD)/libtip.a
#   stages/<stage>/*.c           -> $(BIN)/tip-<stage>
#   pipeline/*.c                 -> $(BIN)/tip-pipeline
#   tests/unit/test_*.c          -> unit test linked with libtip.a
#   tests/unit/<stage>/test_*.c  -> unit test linked with that stage's objects
#                                   (all but main.o) and libtip.a
#   tests/fuzz/fuzz_*.c, tests/fuzz/<stage>/fuzz_*.c  -> libFuzzer harnesses

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/tip
DESTDIR ?=

BUILD ?= build
BIN   ?= bin
CC    ?= cc
V     ?= 0
TIP_VERSION := 0.1.0

STAGES := ingest validate aggregate chart report
PROGS  := $(addprefix $(BIN)/tip-,$(STAGES)) $(BIN)/tip-pipeline

# User CFLAGS add to ours; they never remove the warnings.
WARN         := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
                -Wformat=2 -Wno-unused-parameter
OPT          ?= -O2 -g
FINAL_CFLAGS  = -std=c11 -D_GNU_SOURCE -DTIP_VERSION='"$(TIP_VERSION)"' \
                -DTIP_DATADIR='"$(DATADIR)"' $(WARN) $(OPT) \
                -Istages/common $(DEP_CFLAGS) $(CFLAGS) $(SAN)
FINAL_LDFLAGS = $(LDFLAGS) $(SAN)
LIBS          = $(DEP_LIBS) -lcsv -lm

ifeq ($(V),0)
Q = @
say = @printf '  %-8s %s\n' $(1) $(2);
else
Q =
say =
endif

# --- dependencies -----------------------------------------------------------
# $(BUILD)/config.mk is made by scripts/install-deps: it installs what is
# missing (as root) or says what to run, then records pkg-config's flags.
NODEPS_GOALS := clean distclean help
ifeq ($(filter-out $(NODEPS_GOALS),$(or $(MAKECMDGOALS),all)),)
else
-include $(BUILD)/config.mk
endif

$(BUILD)/config.mk: scripts/install-deps
	$(Q)mkdir -p $(BUILD)
	$(Q)scripts/install-deps --auto
	$(Q)printf 'DEP_CFLAGS := %s\nDEP_LIBS := %s\n' \
	    "$$(pkg-config --cflags libarchive jansson zlib)" \
	    "$$(pkg-config --libs libarchive jansson zlib)" >$@.tmp && mv $@.tmp $@

# --- sources ----------------------------------------------------------------
COMMON_SRC := $(wildcard stages/common/*.c)
COMMON_OBJ := $(COMMON_SRC:%.c=$(BUILD)/obj/%.o)
LIBTIP     := $(BUILD)/libtip.a

stage_src  = $(wildcard stages/$(1)/*.c)
PIPE_SRC   := $(wildcard pipeline/*.c)

UNIT_COMMON_SRC := $(wildcard tests/unit/test_*.c)
UNIT_STAGE_SRC  := $(foreach s,$(STAGES) pipeline,$(wildcard tests/unit/$(s)/test_*.c))
UNIT_BINS := $(UNIT_COMMON_SRC:tests/unit/%.c=$(BUILD)/tests/%) \
             $(UNIT_STAGE_SRC:tests/unit/%.c=$(BUILD)/tests/%)

# Each fuzz harness also builds as a test that replays its corpus.
FUZZ_SRC    := $(wildcard tests/fuzz/fuzz_*.c) \
               $(foreach s,$(STAGES),$(wildcard tests/fuzz/$(s)/fuzz_*.c))
REPLAY_BINS := $(foreach f,$(FUZZ_SRC),$(BUILD)/tests/fuzz/$(patsubst tests/fuzz/%,%,$(dir $(f)))test_$(notdir $(f:.c=)))

ALL_SRC := $(COMMON_SRC) $(foreach s,$(STAGES),$(call stage_src,$(s))) \
           $(PIPE_SRC) $(UNIT_COMMON_SRC) $(UNIT_STAGE_SRC) $(FUZZ_SRC)

.PHONY: all check demo bench install uninstall clean distclean asan fuzz \
        memcheck lint help tools
.DEFAULT_GOAL := all
# Keep intermediate objects (replay drivers, harnesses) between builds.
.SECONDARY:

all: $(PROGS) tools

tools: $(BUILD)/gen-submissions

# Tests and harnesses of a stage see that stage's headers.
$(BUILD)/obj/tests/unit/%.o: EXTRA_INC = -Istages/$(word 3,$(subst /, ,$*))
$(BUILD)/obj/tests/fuzz/%.o: EXTRA_INC = -Istages/$(word 3,$(subst /, ,$*))

$(BUILD)/obj/%.o: %.c | $(BUILD)/config.mk
	$(call say,CC,$<)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(FINAL_CFLAGS) $(EXTRA_INC) -MMD -MP -c -o $@ $<

$(LIBTIP): $(COMMON_OBJ)
	$(call say,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

define stage_rule
$(BIN)/tip-$(1): $(patsubst %.c,$(BUILD)/obj/%.o,$(call stage_src,$(1))) $(LIBTIP)
	$$(call say,LINK,$$@)
	$(Q)mkdir -p $$(@D)
	$(Q)$$(CC) $$(FINAL_LDFLAGS) -o $$@ $$^ $$(LIBS)
endef
$(foreach s,$(STAGES),$(eval $(call stage_rule,$(s))))

$(BIN)/tip-pipeline: $(PIPE_SRC:%.c=$(BUILD)/obj/%.o) $(LIBTIP)
	$(call say,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(FINAL_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/gen-submissions: scripts/gen/gen-submissions.c | $(BUILD)/config.mk
	$(call say,CC,$@)
	$(Q)$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) -O2 $(CFLAGS) \
	    -o $@ $< -lm

# --- tests ------------------------------------------------------------------
$(BUILD)/tests/test_%: $(BUILD)/obj/tests/unit/test_%.o $(LIBTIP)
	$(call say,LINK,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(FINAL_LDFLAGS) -o $@ $^ $(LIBS) -lcmocka

define unit_stage_rule
$(BUILD)/tests/$(1)/test_%: $(BUILD)/obj/tests/unit/$(1)/test_%.o \
    $(patsubst %.c,$(BUILD)/obj/%.o,$(filter-out %/main.c,$(wildcard $(2)/*.c))) $(LIBTIP)
	$$(call say,LINK,$$@)
	$(Q)mkdir -p $$(@D)
	$(Q)$$(CC) $$(FINAL_LDFLAGS) -o $$@ $$^ $$(LIBS) -lcmocka
endef
$(foreach s,$(STAGES),$(eval $(call unit_stage_rule,$(s),stages/$(s))))
$(eval $(call unit_stage_rule,pipeline,pipeline))

define replay_rule
$(BUILD)/obj/tests/fuzz/$(1)replay_%.o: tests/fuzz/replay.c | $(BUILD)/config.mk
	$(Q)mkdir -p $$(@D)
	$(Q)$$(CC) $$(FINAL_CFLAGS) -DTIP_CORPUS='"tests/fuzz/$(1)corpus_$$(patsubst fuzz_%,%,$$*)"' -c -o $$@ $$<
$(BUILD)/tests/fuzz/$(1)test_%: $(BUILD)/obj/tests/fuzz/$(1)%.o \
    $(BUILD)/obj/tests/fuzz/$(1)replay_%.o \
    $(patsubst %.c,$(BUILD)/obj/%.o,$(filter-out %/main.c,$(if $(1),$(wildcard stages/$(1)*.c)))) $(LIBTIP)
	$$(call say,LINK,$$@)
	$(Q)mkdir -p $$(@D)
	$(Q)$$(CC) $$(FINAL_LDFLAGS) -o $$@ $$^ $$(LIBS)
endef
$(eval $(call replay_rule,))
$(foreach s,$(STAGES),$(eval $(call replay_rule,$(s)/)))

check: all $(UNIT_BINS) $(REPLAY_BINS)
	$(Q)BIN=$(abspath $(BIN)) BUILD=$(abspath $(BUILD)) tests/run

# The whole suite under ASan+UBSan, in its own build tree.
asan:
	$(Q)$(MAKE) --no-print-directory BUILD=build-asan BIN=build-asan/bin \
	    OPT='-O1 -g -fno-omit-frame-pointer' \
	    SAN='-fsanitize=address,undefined -fno-sanitize-recover=all' check

memcheck: all $(UNIT_BINS) $(REPLAY_BINS)
	$(Q)BIN=$(abspath $(BIN)) BUILD=$(abspath $(BUILD)) TIP_MEMCHECK=1 tests/run

fuzz:
	$(Q)scripts/fuzz

lint: | $(BUILD)/config.mk
	$(Q)scripts/lint

# --- the README's commands ----------------------------------------------------
demo: all
	$(Q)scripts/demo

bench: all
	$(Q)scripts/bench

# --- install ----------------------------------------------------------------
MANPAGES := $(wildcard stages/*/tip-*.1 pipeline/tip-*.1)
SCHEMAS  := $(wildcard schemas/*.json)
REFDATA  := $(wildcard schemas/reference/*)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(DATADIR)/schemas/reference
	install -m 0755 $(PROGS) $(DESTDIR)$(BINDIR)/
	$(if $(MANPAGES),install -m 0644 $(MANPAGES) $(DESTDIR)$(MANDIR)/man1/)
	$(if $(SCHEMAS),install -m 0644 $(SCHEMAS) $(DESTDIR)$(DATADIR)/schemas/)
	$(if $(REFDATA),install -m 0644 $(REFDATA) $(DESTDIR)$(DATADIR)/schemas/reference/)

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(PROGS)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MANPAGES)))
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf $(BUILD) build-asan build-fuzz $(BIN)

distclean: clean
	rm -rf data

help:
	@echo 'targets: all check demo bench install uninstall clean asan fuzz memcheck lint'

-include $(ALL_SRC:%.c=$(BUILD)/obj/%.d)
