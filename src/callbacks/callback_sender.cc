#include "callbacks/callback_sender.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>

#include "core/log.h"

namespace missive {
namespace {

// True at most once a second across all threads: an endpoint that is down must not flood the log.
bool RetryLogAllowed(Micros now) {
  static std::atomic<Micros> last{0};
  Micros previous = last.load();
  return now - previous >= kMicrosPerSecond && last.compare_exchange_strong(previous, now);
}

}  // namespace

CallbackSender::CallbackSender(Store& store, const Clock& clock, CallbackOptions options,
                               PosterFactory make_poster)
    : store_(store), clock_(clock), options_(options), make_poster_(std::move(make_poster)) {
  if (!make_poster_) {
    make_poster_ = [timeout = options_.timeout_ms] { return MakeCurlPoster(timeout); };
  }
}

CallbackSender::~CallbackSender() { Stop(); }

void CallbackSender::Start() {
  for (int i = 0; i < options_.threads; ++i) {
    std::shared_ptr<CallbackPoster> poster = make_poster_();
    threads_.emplace_back([this, poster] {
      NameThisThread("callbacks");
      Run(*poster);
    });
  }
}

void CallbackSender::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
}

void CallbackSender::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_one();
}

bool CallbackSender::Stopping() {
  std::lock_guard lock(mutex_);
  return stopping_;
}

void CallbackSender::WaitForWork() {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, std::chrono::microseconds(options_.poll_interval),
                 [this] { return woken_ || stopping_; });
  woken_ = false;
}

void CallbackSender::Run(CallbackPoster& poster) {
  while (!Stopping()) {
    auto claimed = store_.ClaimDueCallbacks(clock_.NowMicros(), options_.lease, options_.batch);
    if (!claimed) {
      spdlog::error("callbacks event=claim-failed error=\"{}\"", claimed.error().message);
    }
    if (!claimed || claimed->empty()) {
      WaitForWork();
      continue;
    }
    if (claimed->size() == static_cast<size_t>(options_.batch)) Wake();  // more may be waiting
    for (const auto& callback : *claimed) {
      if (Stopping()) break;  // the rest keep their lease
      Send(poster, callback);
    }
  }
}

void CallbackSender::Send(CallbackPoster& poster, const PendingCallback& callback) {
  PostResult result = callback.url.empty()
                          ? PostResult{PostOutcome::kGiveUp, "the service has no usable callback"}
                          : poster.Post(callback.url, callback.bearer_token, callback.payload_json);
  Record(callback, result);
}

void CallbackSender::Record(const PendingCallback& callback, const PostResult& result) {
  Status saved;
  if (result.outcome == PostOutcome::kDelivered) {
    spdlog::debug("notification={} event=callback-delivered attempt={}", callback.notification_id,
                  callback.attempts + 1);
    saved = store_.MarkCallbackDelivered(callback.id);
  } else if (result.outcome == PostOutcome::kRetry && callback.attempts < options_.max_retries) {
    saved = Reschedule(callback, result.detail);
  } else {
    spdlog::warn("notification={} service={} event=callback-given-up attempts={} reason=\"{}\"",
                 callback.notification_id, callback.service_id, callback.attempts + 1,
                 result.detail);
    saved = store_.GiveUpCallback(callback.id, clock_.NowMicros(), result.detail);
  }

  if (!saved) {
    // The lease runs out and the callback is sent again: at least once, as GC Notify does.
    spdlog::error("notification={} event=callback-update-failed error=\"{}\"",
                  callback.notification_id, saved.error().message);
  }
}

Status CallbackSender::Reschedule(const PendingCallback& callback, const std::string& detail) {
  Micros now = clock_.NowMicros();
  Micros due = now + options_.retry_delay;
  if (RetryLogAllowed(now)) {
    spdlog::warn(
        "notification={} service={} event=callback-retry attempt={} in_ms={} reason=\"{}\" "
        "(one line a second)",
        callback.notification_id, callback.service_id, callback.attempts + 1, (due - now) / 1000,
        detail);
  }
  return store_.RescheduleCallback(callback.id, due, detail);
}

}  // namespace missive
