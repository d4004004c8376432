#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include "core/log.h"
#include "core/result.h"
#include "delivery/email_sender.h"

namespace missive {
namespace {

std::string ErrnoText(std::string_view what, const std::string& path) {
  return std::string(what) + " " + path + ": " + std::generic_category().message(errno);
}

// Letters, digits, '-', '_' and '.', not starting with '.': cannot name another directory.
bool IsPlainFileName(std::string_view name) {
  if (name.empty() || name.front() == '.') return false;
  for (char c : name) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_' || c == '.';
    if (!plain) return false;
  }
  return true;
}

Status WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) return MakeError(ErrorCode::kUnavailable, ErrnoText("cannot write", path));
    bytes.remove_prefix(static_cast<size_t>(written));
  }
  return {};
}

// Writes and syncs `bytes` to a new file at `path` (created with mkstemp's template rules).
Status WriteNewFile(std::string& path, std::string_view bytes) {
  int fd = ::mkostemp(path.data(), O_CLOEXEC);
  if (fd < 0) return MakeError(ErrorCode::kUnavailable, ErrnoText("cannot create", path));
  Status written = WriteAll(fd, bytes, path);
  if (written && ::fsync(fd) != 0) {
    written = MakeError(ErrorCode::kUnavailable, ErrnoText("cannot sync", path));
  }
  if (::close(fd) != 0 && written) {
    written = MakeError(ErrorCode::kUnavailable, ErrnoText("cannot close", path));
  }
  return written;
}

// Makes a rename inside `directory` durable.
Status SyncDirectory(const std::string& directory) {
  int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return MakeError(ErrorCode::kUnavailable, ErrnoText("cannot open", directory));
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return MakeError(ErrorCode::kUnavailable, ErrnoText("cannot sync", directory));
  return {};
}

// Replaces <directory>/<name> with `bytes` so that a reader sees the old file or the whole new
// one, never part of it. The temporary file starts with '.' and does not end in ".eml".
Status WriteAtomically(const std::string& directory, const std::string& name,
                       std::string_view bytes) {
  std::string temporary = directory + "/." + name + ".XXXXXX";
  std::string final_path = directory + "/" + name;
  Status written = WriteNewFile(temporary, bytes);
  if (written && ::rename(temporary.c_str(), final_path.c_str()) != 0) {
    written = MakeError(ErrorCode::kUnavailable, ErrnoText("cannot rename to", final_path));
  }
  if (!written) {
    ::unlink(temporary.c_str());
    return written;
  }
  return SyncDirectory(directory);
}

class OutboxSender final : public EmailSender {
 public:
  explicit OutboxSender(std::string directory) : directory_(std::move(directory)) {}

  std::string_view Name() const override { return "outbox"; }

  SendResult Send(const OutgoingEmail& email) override {
    SendResult result = Write(email);
    if (result.outcome != SendOutcome::kAccepted) {
      spdlog::warn("notification={} provider=outbox detail=\"{}\"", email.notification_id,
                   result.detail);
    }
    return result;
  }

 private:
  SendResult Write(const OutgoingEmail& email) const {
    if (!IsPlainFileName(email.notification_id)) {
      return {SendOutcome::kRejected, "notification id is not a plain file name"};
    }
    std::error_code error;
    std::filesystem::create_directories(directory_, error);
    if (error) return {SendOutcome::kRetry, "cannot create " + directory_ + ": " + error.message()};

    std::string name = email.notification_id + ".eml";
    Status written = WriteAtomically(directory_, name, BuildMimeMessage(email));
    if (!written) return {SendOutcome::kRetry, written.error().message};
    return {SendOutcome::kAccepted, directory_ + "/" + name};
  }

  const std::string directory_;
};

}  // namespace

std::unique_ptr<EmailSender> MakeOutboxSender(std::string directory) {
  return std::make_unique<OutboxSender>(std::move(directory));
}

}  // namespace missive
