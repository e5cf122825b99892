#ifndef EVIDENCE_LEDGER_CLIBCRYPTO_SHIM_H
#define EVIDENCE_LEDGER_CLIBCRYPTO_SHIM_H

/*
 * SHA-256 from the system's libcrypto (installed with libpq, which links it), for the hot loops that hash millions
 * of small inputs: the context lives on the stack, so a hash allocates nothing. The low-level SHA256_* calls are
 * the ones used here; OpenSSL 3 marks them deprecated in favour of EVP, whose one-shot form looks the algorithm
 * up by name on every call.
 */
#ifndef OPENSSL_SUPPRESS_DEPRECATED
#define OPENSSL_SUPPRESS_DEPRECATED 1
#endif
#include <stddef.h>
#include <openssl/sha.h>

/* SHA-256(data). */
static inline void evidence_ledger_sha256(const void *data, size_t length, unsigned char *out) {
    SHA256_CTX context;
    SHA256_Init(&context);
    SHA256_Update(&context, data, length);
    SHA256_Final(out, &context);
}

/* SHA-256(prefix || data): an RFC 9162 leaf hash with prefix 0x00. */
static inline void evidence_ledger_sha256_prefixed(unsigned char prefix, const void *data, size_t length, unsigned char *out) {
    SHA256_CTX context;
    SHA256_Init(&context);
    SHA256_Update(&context, &prefix, 1);
    SHA256_Update(&context, data, length);
    SHA256_Final(out, &context);
}

/* SHA-256(0x01 || left || right), each 32 bytes: an RFC 9162 interior node. */
static inline void evidence_ledger_sha256_node(const void *left, const void *right, unsigned char *out) {
    unsigned char buffer[65];
    const unsigned char *l = (const unsigned char *)left, *r = (const unsigned char *)right;
    buffer[0] = 0x01;
    for (int i = 0; i < 32; i++) { buffer[1 + i] = l[i]; buffer[33 + i] = r[i]; }
    evidence_ledger_sha256(buffer, sizeof buffer, out);
}

#endif
