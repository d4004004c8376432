#include "api/jwt.h"

#include <jwt.h>

#include <cerrno>
#include <cstdlib>
#include <memory>

namespace missive {
namespace {

struct JwtFree {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtFree>;

JwtPtr Decode(const std::string& token, std::string_view key) {
  jwt_t* raw = nullptr;
  const auto* bytes = reinterpret_cast<const unsigned char*>(key.data());
  int rc =
      jwt_decode(&raw, token.c_str(), key.empty() ? nullptr : bytes, static_cast<int>(key.size()));
  if (rc != 0) return nullptr;
  return JwtPtr(raw);
}

}  // namespace

std::optional<JwtClaims> ReadJwtUnverified(const std::string& token) {
  JwtPtr jwt = Decode(token, {});
  if (!jwt) return std::nullopt;
  JwtClaims claims;
  if (const char* iss = jwt_get_grant(jwt.get(), "iss")) claims.iss = iss;
  errno = 0;
  long iat = jwt_get_grant_int(jwt.get(), "iat");
  if (errno == 0) claims.iat = iat;
  return claims;
}

bool VerifyHs256(const std::string& token, std::string_view secret) {
  if (secret.empty()) return false;
  JwtPtr jwt = Decode(token, secret);
  return jwt && jwt_get_alg(jwt.get()) == JWT_ALG_HS256;
}

std::string SignHs256(std::string_view iss, int64_t iat, std::string_view secret) {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) return {};
  JwtPtr jwt(raw);
  jwt_add_grant(raw, "iss", std::string(iss).c_str());
  jwt_add_grant_int(raw, "iat", static_cast<long>(iat));
  jwt_set_alg(raw, JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(secret.data()),
              static_cast<int>(secret.size()));
  char* encoded = jwt_encode_str(raw);
  if (encoded == nullptr) return {};
  std::string out(encoded);
  free(encoded);  // libjwt 1.10 allocates with malloc
  return out;
}

}  // namespace missive
