# _microfastapi user C module (unix port: make USER_C_MODULES=<repo>/c_modules)
MFA_MOD_DIR := $(USERMOD_DIR)

SRC_USERMOD_C += $(MFA_MOD_DIR)/httpparser.c
SRC_USERMOD_C += $(MFA_MOD_DIR)/modmicrofastapi.c

CFLAGS_USERMOD += -I$(MFA_MOD_DIR)
