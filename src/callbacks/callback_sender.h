#pragma once
// CallbackSender: threads that POST queued delivery-status callbacks to services, apart from the
// delivery workers so that a slow or failing endpoint never holds up delivery. Each thread claims
// a few due callbacks at a time (with a lease, so the work of a killed process is taken over once
// the lease runs out) and POSTs each with Content-Type: application/json and Authorization:
// Bearer <token>. A 2xx answer deletes it; a connection error, a timeout, a 5xx or a 429 is
// retried up to `max_retries` times, `retry_delay` apart; any other answer, or a failure after the
// last retry, gives it up (kept in the store, logged once with the notification id).
// Start, Stop and Wake may be called from any thread.
//
//   CallbackSender callbacks(store, SystemClock::Instance(), {});
//   callbacks.Start();  // after the delivery workers
//   callbacks.Stop();   // before the store closes

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "store/store.h"

namespace missive {

enum class PostOutcome {
  kDelivered,  // the service answered 2xx
  kRetry,      // connection error, timeout, 5xx or 429: try again later
  kGiveUp,     // any other answer: sending it again will not help
};

struct PostResult {
  PostOutcome outcome;
  std::string detail;  // "HTTP 503", or the transfer error, for the store and logs
};

// POSTs one callback body. An instance may be used by one thread at a time.
class CallbackPoster {
 public:
  virtual ~CallbackPoster() = default;
  virtual PostResult Post(const std::string& url, const std::string& bearer_token,
                          const std::string& body) = 0;
};

// Posts with libcurl (http and https only, no redirects followed), each POST bounded by
// `timeout_ms`, connecting included.
std::unique_ptr<CallbackPoster> MakeCurlPoster(long timeout_ms);

using PosterFactory = std::function<std::unique_ptr<CallbackPoster>()>;

struct CallbackOptions {
  int threads = 2;
  int batch = 4;                            // callbacks claimed at a time
  Micros lease = 60 * kMicrosPerSecond;     // longer than `batch` POSTs can take
  Micros poll_interval = kMicrosPerSecond;  // look for due callbacks this often
  int max_retries = 5;                      // after the first attempt
  Micros retry_delay = 300 * kMicrosPerSecond;
  long timeout_ms = 5000;  // one POST
};

class CallbackSender {
 public:
  // Without `make_poster`, each thread posts with MakeCurlPoster(options.timeout_ms).
  CallbackSender(Store& store, const Clock& clock, CallbackOptions options,
                 PosterFactory make_poster = {});
  ~CallbackSender();

  void Start();
  // Lets each thread finish the POST in hand, then joins them. Claimed but unsent callbacks keep
  // their lease and are taken again after it expires.
  void Stop();
  void Wake();

 private:
  void Run(CallbackPoster& poster);
  bool Stopping();
  void WaitForWork();
  void Send(CallbackPoster& poster, const PendingCallback& callback);
  void Record(const PendingCallback& callback, const PostResult& result);
  Status Reschedule(const PendingCallback& callback, const std::string& detail);

  Store& store_;
  const Clock& clock_;
  CallbackOptions options_;
  PosterFactory make_poster_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool woken_ = false;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace missive
