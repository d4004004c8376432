#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>

#include "delivery/sms_provider.h"

namespace missive {
namespace {

class SmsOutbox final : public SmsProvider {
 public:
  explicit SmsOutbox(std::string path) : path_(std::move(path)) {}

  std::string_view Name() const override { return "sms-outbox"; }

  SendResult Send(const OutgoingSms& sms) override {
    std::string line = nlohmann::ordered_json{{"id", sms.notification_id},
                                              {"to", sms.to},
                                              {"from", sms.sender},
                                              {"text", sms.text},
                                              {"unicode", sms.unicode},
                                              {"fragments", sms.fragments},
                                              {"date", FormatTimestamp(sms.date)}}
                           .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
                       "\n";
    std::lock_guard lock(mutex_);
    if (!Append(line)) {
      spdlog::warn("notification={} provider=sms-outbox outcome=retry path={}", sms.notification_id,
                   path_);
      return {SendOutcome::kRetry, "cannot write " + path_};
    }
    return {SendOutcome::kAccepted, "written to " + path_};
  }

 private:
  bool Append(const std::string& line) {
    std::error_code ignored;
    std::filesystem::create_directories(std::filesystem::path(path_).parent_path(), ignored);
    int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) return false;
    bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    written = ::fsync(fd) == 0 && written;
    ::close(fd);
    return written;
  }

  std::string path_;
  std::mutex mutex_;
};

}  // namespace

std::unique_ptr<SmsProvider> MakeSmsOutbox(std::string path) {
  return std::make_unique<SmsOutbox>(std::move(path));
}

}  // namespace missive
