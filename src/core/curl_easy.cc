#include "core/curl_easy.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>

namespace missive::curl {
namespace {

constexpr size_t kMaxAnswerBytes = 64 * 1024;

void StartOnce() {
  static const CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (code != CURLE_OK) spdlog::error("libcurl failed to start: {}", static_cast<int>(code));
}

}  // namespace

EasyHandle NewEasy() {
  StartOnce();
  return EasyHandle(curl_easy_init());
}

size_t KeepAnswer(char* data, size_t size, size_t count, void* answer) {
  auto* out = static_cast<std::string*>(answer);
  size_t bytes = size * count;
  size_t room = kMaxAnswerBytes - std::min(out->size(), kMaxAnswerBytes);
  out->append(data, std::min(bytes, room));
  return bytes;
}

EasyHandle EasyPool::Take() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      EasyHandle handle = std::move(idle_.back());
      idle_.pop_back();
      return handle;
    }
  }
  return NewEasy();
}

void EasyPool::Give(EasyHandle handle) {
  if (!handle) return;
  curl_easy_reset(handle.get());
  std::lock_guard lock(mutex_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(handle));
}

}  // namespace missive::curl
