#include "core/secret_box.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "core/encoding.h"

namespace missive {
namespace {

Result<std::string> KeyFromEnvironment() {
  const char* text = std::getenv("MISSIVE_MASTER_KEY");
  auto key = Base64Decode(text);
  if (!key || key->size() != SecretBox::kKeyBytes) {
    return MakeError(ErrorCode::kInvalid, "MISSIVE_MASTER_KEY must be base64 of 32 bytes");
  }
  return *key;
}

Result<std::string> CreateKeyFile(const std::string& path) {
  std::string key(SecretBox::kKeyBytes, '\0');
  randombytes_buf(key.data(), key.size());
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return MakeError(ErrorCode::kUnavailable, "cannot create key file " + path);
  bool written = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size());
  written = ::fsync(fd) == 0 && written;
  ::close(fd);
  if (!written) return MakeError(ErrorCode::kUnavailable, "cannot write key file " + path);
  return key;
}

Result<std::string> ReadKeyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (key.size() != SecretBox::kKeyBytes) {
    return MakeError(ErrorCode::kInvalid, "key file " + path + " is not 32 bytes");
  }
  return key;
}

}  // namespace

Result<std::unique_ptr<SecretBox>> SecretBox::OpenOrCreate(const std::string& path) {
  if (sodium_init() < 0) return MakeError(ErrorCode::kInternal, "libsodium failed to start");
  Result<std::string> key = std::getenv("MISSIVE_MASTER_KEY")   ? KeyFromEnvironment()
                            : ::access(path.c_str(), F_OK) == 0 ? ReadKeyFile(path)
                                                                : CreateKeyFile(path);
  if (!key) return key.error();
  return std::make_unique<SecretBox>(std::move(key).value());
}

SecretBox::SecretBox(std::string key) : key_(std::move(key)) {}

std::string SecretBox::Seal(std::string_view plain) const {
  std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(bytes, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(bytes + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), bytes,
                        reinterpret_cast<const unsigned char*>(key_.data()));
  return Base64Encode(out);
}

Result<std::string> SecretBox::Open(std::string_view sealed) const {
  auto raw = Base64Decode(sealed);
  constexpr size_t kOverhead = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
  if (!raw || raw->size() < kOverhead) return MakeError(ErrorCode::kInvalid, "not a sealed secret");
  std::string plain(raw->size() - kOverhead, '\0');
  auto* bytes = reinterpret_cast<const unsigned char*>(raw->data());
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 bytes + crypto_secretbox_NONCEBYTES,
                                 raw->size() - crypto_secretbox_NONCEBYTES, bytes,
                                 reinterpret_cast<const unsigned char*>(key_.data())) != 0) {
    return MakeError(ErrorCode::kInvalid, "sealed secret does not match the master key");
  }
  return plain;
}

std::string SecretBox::Digest(std::string_view plain) const {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(plain.data()),
                     plain.size(), reinterpret_cast<const unsigned char*>(key_.data()),
                     key_.size());
  return HexEncode(std::string_view(reinterpret_cast<char*>(digest), sizeof digest));
}

}  // namespace missive
