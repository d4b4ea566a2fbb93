# Parser part: sanitizer unit tests of the C core, libFuzzer campaigns.
# Included by the top Makefile. Outputs land in $(BUILD)/parser (git-ignored).
#
#   make parser-test            build and run tests/parser/core_test.c with ASan+UBSan
#   make fuzz [FUZZ_SECONDS=600]  a libFuzzer campaign over the core
#   make fuzz-short             about 60 s, part of `make test`

PARSER_DIR   := c_modules/httpparser
PARSER_OUT   := $(BUILD)/parser
PARSER_CC    ?= clang-14
FUZZ_CC      ?= clang-14
PARSER_SAN   := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
PARSER_CFLAGS ?= -std=c99 -g -O1 -Wall -Wextra -Werror
FUZZ_SECONDS ?= 600
FUZZ_SHORT_SECONDS ?= 60
FUZZ_WORK    := fuzz/out
PARSER_SRC   := $(PARSER_DIR)/httpparser.c $(PARSER_DIR)/httpparser.h

.PHONY: parser-test fuzz fuzz-short fuzz-build

TEST_PREREQS += parser-test fuzz-short

$(PARSER_OUT)/core_test: tests/parser/core_test.c $(PARSER_SRC)
	@mkdir -p $(@D)
	$(PARSER_CC) $(PARSER_CFLAGS) $(PARSER_SAN) -I$(PARSER_DIR) -o $@ tests/parser/core_test.c $(PARSER_DIR)/httpparser.c

parser-test: $(PARSER_OUT)/core_test
	$(PARSER_OUT)/core_test
	$(PARSER_OUT)/core_test tests/parser/corpus/*.http fuzz/corpus/*

$(PARSER_OUT)/fuzz_parser: fuzz/fuzz_parser.c $(PARSER_SRC)
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=c99 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	    -I$(PARSER_DIR) -o $@ fuzz/fuzz_parser.c $(PARSER_DIR)/httpparser.c

fuzz-build: $(PARSER_OUT)/fuzz_parser

# The working corpus (fuzz/out/corpus) grows across runs; the committed seeds
# are fuzz/corpus and tests/parser/corpus. Crashes land in fuzz/out/.
fuzz: $(PARSER_OUT)/fuzz_parser
	@mkdir -p $(FUZZ_WORK)/corpus
	$(PARSER_OUT)/fuzz_parser -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -print_final_stats=1 -artifact_prefix=$(FUZZ_WORK)/ \
	    $(FUZZ_WORK)/corpus fuzz/corpus tests/parser/corpus

fuzz-short: $(PARSER_OUT)/fuzz_parser
	@mkdir -p $(FUZZ_WORK)/short
	$(PARSER_OUT)/fuzz_parser -max_total_time=$(FUZZ_SHORT_SECONDS) -max_len=4096 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_WORK)/ $(FUZZ_WORK)/short fuzz/corpus tests/parser/corpus
