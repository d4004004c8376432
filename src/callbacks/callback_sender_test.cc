#include "callbacks/callback_sender.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <deque>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "callbacks/internal/classify.h"
#include "core/uuid.h"
#include "store/sqlite_store.h"

namespace missive {
namespace {

// Answers POSTs from a script shared by every sender thread, and records what it was sent.
struct Script {
  struct Call {
    std::string url, token, body;
  };
  std::mutex mutex;
  std::deque<PostResult> answers;  // taken in order; then `otherwise`
  PostResult otherwise{PostOutcome::kDelivered, "HTTP 200"};
  std::vector<Call> calls;

  PostResult Answer(const std::string& url, const std::string& token, const std::string& body) {
    std::lock_guard lock(mutex);
    calls.push_back({url, token, body});
    if (answers.empty()) return otherwise;
    PostResult next = answers.front();
    answers.pop_front();
    return next;
  }
};

class ScriptedPoster final : public CallbackPoster {
 public:
  explicit ScriptedPoster(Script& script) : script_(script) {}
  PostResult Post(const std::string& url, const std::string& token,
                  const std::string& body) override {
    return script_.Answer(url, token, body);
  }

 private:
  Script& script_;
};

class CallbackSenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("missive-callbacks-" + NewUuid());
    store_ = std::move(OpenSqliteStore({.data_dir = dir_.string()})).value();
    service_ = Service{NewUuid(), "Service A", "service-a", true, false, 1};
    ASSERT_TRUE(store_->CreateService(service_).ok());
    ServiceCallback callback{service_.id, "https://cb.example/status", "jeton-0123456789", 1,
                             std::nullopt};
    ASSERT_TRUE(store_->SetServiceCallback(callback).ok());
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  PendingCallback Enqueue(std::string payload) {
    Micros now = SystemClock::Instance().NowMicros();
    PendingCallback callback{.id = NewUuid(),
                             .notification_id = NewUuid(),
                             .service_id = service_.id,
                             .payload_json = std::move(payload),
                             .next_attempt_at = now,
                             .created_at = now};
    EXPECT_TRUE(*store_->EnqueueCallback(callback));
    return callback;
  }

  // The one integer `sql` selects, read straight from the database file.
  int64_t QueryInt(const char* sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open((dir_ / "missive.db").c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
    int64_t value = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
  }

  void Exec(const char* sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open((dir_ / "missive.db").c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }

  // Runs senders until no callback is left to send, or five seconds pass.
  void RunUntilSettled(int max_retries) {
    CallbackOptions options;
    options.poll_interval = kMicrosPerSecond / 200;
    options.retry_delay = kMicrosPerSecond / 1000;
    options.max_retries = max_retries;
    CallbackSender sender(*store_, SystemClock::Instance(), options,
                          [this] { return std::make_unique<ScriptedPoster>(script_); });
    sender.Start();
    for (int i = 0; i < 500 && Unsettled() > 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    sender.Stop();
  }

  int64_t Unsettled() {
    return QueryInt("SELECT count(*) FROM pending_callbacks WHERE given_up_at IS NULL");
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  Service service_;
  Script script_;
};

TEST_F(CallbackSenderTest, DeliveredCallbackIsPostedOnceWithUrlTokenAndBody) {
  Enqueue(R"({"id":"one"})");
  RunUntilSettled(5);
  ASSERT_EQ(script_.calls.size(), 1u);
  EXPECT_EQ(script_.calls[0].url, "https://cb.example/status");
  EXPECT_EQ(script_.calls[0].token, "jeton-0123456789");
  EXPECT_EQ(script_.calls[0].body, R"({"id":"one"})");
  EXPECT_EQ(QueryInt("SELECT count(*) FROM pending_callbacks"), 0);
}

TEST_F(CallbackSenderTest, ServerErrorsAreRetriedUntilDelivered) {
  script_.answers = {{PostOutcome::kRetry, "HTTP 500"}, {PostOutcome::kRetry, "HTTP 429"}};
  Enqueue(R"({"id":"two"})");
  RunUntilSettled(5);
  ASSERT_EQ(script_.calls.size(), 3u);
  for (const auto& call : script_.calls) EXPECT_EQ(call.body, R"({"id":"two"})");
  EXPECT_EQ(QueryInt("SELECT count(*) FROM pending_callbacks"), 0);
}

TEST_F(CallbackSenderTest, GivesUpAfterTheLastRetry) {
  script_.otherwise = {PostOutcome::kRetry, "HTTP 503"};
  Enqueue(R"({"id":"three"})");
  RunUntilSettled(2);
  EXPECT_EQ(script_.calls.size(), 3u);  // the first attempt and two retries
  EXPECT_EQ(QueryInt("SELECT attempts FROM pending_callbacks WHERE given_up_at IS NOT NULL "
                     "AND last_error = 'HTTP 503'"),
            3);
  EXPECT_TRUE(
      store_->ClaimDueCallbacks(SystemClock::Instance().NowMicros() + 3'600'000'000, 60'000'000, 10)
          ->empty());
}

TEST_F(CallbackSenderTest, ClientErrorIsGivenUpAtOnce) {
  script_.otherwise = {PostOutcome::kGiveUp, "HTTP 404"};
  Enqueue(R"({"id":"four"})");
  RunUntilSettled(5);
  EXPECT_EQ(script_.calls.size(), 1u);
  EXPECT_EQ(QueryInt("SELECT attempts FROM pending_callbacks WHERE given_up_at IS NOT NULL "
                     "AND last_error = 'HTTP 404'"),
            1);
}

TEST_F(CallbackSenderTest, CallbackWhoseServiceHasNoneAnyMoreIsGivenUpUnsent) {
  Enqueue(R"({"id":"five"})");
  Exec("DELETE FROM service_callbacks");
  RunUntilSettled(5);
  EXPECT_TRUE(script_.calls.empty());
  EXPECT_EQ(QueryInt("SELECT count(*) FROM pending_callbacks WHERE given_up_at IS NOT NULL"), 1);
}

TEST_F(CallbackSenderTest, ManyCallbacksAcrossThreadsAreEachPostedOnce) {
  for (int i = 0; i < 20; ++i) Enqueue("{\"n\":" + std::to_string(i) + "}");
  RunUntilSettled(5);
  EXPECT_EQ(script_.calls.size(), 20u);
  std::set<std::string> bodies;
  for (const auto& call : script_.calls) bodies.insert(call.body);
  EXPECT_EQ(bodies.size(), 20u);
}

TEST(ClassifyPost, TwoHundredsAreDelivered) {
  EXPECT_EQ(callbacks::ClassifyPost(0, 200, "").outcome, PostOutcome::kDelivered);
  EXPECT_EQ(callbacks::ClassifyPost(0, 204, "").outcome, PostOutcome::kDelivered);
}

TEST(ClassifyPost, ServerErrorsAndTooManyRequestsAreRetried) {
  for (long status : {429L, 500L, 502L, 503L, 504L}) {
    PostResult result = callbacks::ClassifyPost(0, status, "");
    EXPECT_EQ(result.outcome, PostOutcome::kRetry) << status;
    EXPECT_EQ(result.detail, "HTTP " + std::to_string(status));
  }
}

TEST(ClassifyPost, OtherAnswersAreGivenUp) {
  for (long status : {400L, 401L, 403L, 404L, 410L, 301L}) {
    EXPECT_EQ(callbacks::ClassifyPost(0, status, "").outcome, PostOutcome::kGiveUp) << status;
  }
  EXPECT_EQ(callbacks::ClassifyPost(0, 302, "").detail, "HTTP 302 (redirects are not followed)");
}

TEST(ClassifyPost, TransferFailuresAreRetriedUnlessTheUrlIsUnusable) {
  PostResult refused = callbacks::ClassifyPost(7, 0, "Failed to connect");  // CURLE_COULDNT_CONNECT
  EXPECT_EQ(refused.outcome, PostOutcome::kRetry);
  EXPECT_EQ(refused.detail, "Failed to connect");
  EXPECT_EQ(callbacks::ClassifyPost(28, 0, "timeout").outcome, PostOutcome::kRetry);
  EXPECT_EQ(callbacks::ClassifyPost(6, 0, "no host").outcome, PostOutcome::kRetry);
  EXPECT_EQ(callbacks::ClassifyPost(3, 0, "bad url").outcome, PostOutcome::kGiveUp);
  EXPECT_EQ(callbacks::ClassifyPost(1, 0, "ftp").outcome, PostOutcome::kGiveUp);
}

// A loopback port that nothing listens on: bound, then closed.
int ClosedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof(address);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), size);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

TEST(CurlPoster, RefusedConnectionIsRetried) {
  std::string url = "http://127.0.0.1:" + std::to_string(ClosedPort()) + "/cb";
  PostResult result = MakeCurlPoster(2000)->Post(url, "0123456789", "{}");
  EXPECT_EQ(result.outcome, PostOutcome::kRetry);
  EXPECT_FALSE(result.detail.empty());
}

TEST(CurlPoster, UnsupportedSchemeIsGivenUp) {
  PostResult result = MakeCurlPoster(2000)->Post("ftp://127.0.0.1/cb", "0123456789", "{}");
  EXPECT_EQ(result.outcome, PostOutcome::kGiveUp);
}

}  // namespace
}  // namespace missive
