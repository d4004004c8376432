#pragma once
// SecretBox encrypts secrets at rest (API key secrets, callback tokens, provider passwords) with
// one master key, and derives lookup digests so a secret can be found without storing it in
// clear. Thread-safe once constructed.
//
//   auto box = SecretBox::OpenOrCreate(data_dir + "/master.key");
//   std::string sealed = box->Seal("secret");        // random nonce, authenticated
//   Result<std::string> plain = box->Open(sealed);   // kInvalid when tampered with

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace missive {

class SecretBox {
 public:
  static constexpr size_t kKeyBytes = 32;

  // Reads the 32-byte key at `path`, or creates it (mode 0600) when the file does not exist.
  // The MISSIVE_MASTER_KEY environment variable (base64 of 32 bytes), when set, wins over the file.
  static Result<std::unique_ptr<SecretBox>> OpenOrCreate(const std::string& path);

  explicit SecretBox(std::string key);

  // Encrypts and authenticates `plain`; the result is base64 text, safe to store anywhere.
  std::string Seal(std::string_view plain) const;

  // Reverses Seal. kInvalid when the text was not sealed with this key or was altered.
  Result<std::string> Open(std::string_view sealed) const;

  // A keyed digest (hex) of `plain`, stable for this key: for unique indexes and look-ups.
  std::string Digest(std::string_view plain) const;

 private:
  std::string key_;
};

}  // namespace missive
