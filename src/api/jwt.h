#pragma once
// The JSON Web Tokens the Notify clients send: HS256, claims iss (service id) and iat (seconds).
// Backed by libjwt. Thread-safe, no state.
//
//   auto claims = ReadJwtUnverified(token);          // nullopt: not a JWT
//   if (claims && VerifyHs256(token, secret)) ...   // signature checked with one key

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace missive {

struct JwtClaims {
  std::optional<std::string> iss;
  std::optional<int64_t> iat;
};

// Parses the token without checking its signature. nullopt when it is not a well-formed JWT.
std::optional<JwtClaims> ReadJwtUnverified(const std::string& token);

// True when the token's alg is HS256 and its signature matches `secret`.
bool VerifyHs256(const std::string& token, std::string_view secret);

// An HS256 token with claims {"iss", "iat"}, as the official clients build it (for tests, tools).
std::string SignHs256(std::string_view iss, int64_t iat, std::string_view secret);

}  // namespace missive
