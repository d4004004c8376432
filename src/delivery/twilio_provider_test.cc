#include "delivery/twilio_provider.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "delivery/test_util.h"

namespace missive {
namespace {

constexpr char kAccount[] = "AC0123456789abcdef0123456789abcdef";
constexpr char kToken[] = "b4c0n-t0ken";
constexpr int kStartTimeoutMs = 15000;

size_t Collect(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

// A plain HTTP request to the stand-in's control endpoints; the answer's body.
std::string Http(const std::string& url, const std::string* post_json = nullptr) {
  CURL* handle = curl_easy_init();
  std::string answer;
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, 5000L);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &answer);
  if (post_json) curl_easy_setopt(handle, CURLOPT_POSTFIELDS, post_json->c_str());
  curl_easy_perform(handle);
  curl_easy_cleanup(handle);
  return answer;
}

// tests/support/twilio_stand_in.js running under node on a free loopback port. Killed and reaped
// on destruction; also killed if this process dies.
class TwilioStandIn {
 public:
  TwilioStandIn() { Start(); }
  ~TwilioStandIn() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    if (stdout_ >= 0) ::close(stdout_);
  }
  TwilioStandIn(const TwilioStandIn&) = delete;
  TwilioStandIn& operator=(const TwilioStandIn&) = delete;

  int port() const { return port_; }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }

  void Control(const std::string& action, const nlohmann::json& body = nlohmann::json::object()) {
    std::string json = body.dump();
    Http(base() + "/_stand-in/" + action, &json);
  }
  nlohmann::json Requests() const {
    return nlohmann::json::parse(Http(base() + "/_stand-in/requests"))["requests"];
  }

 private:
  void Start() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return;
    std::string script = std::string(MISSIVE_SOURCE_DIR) + "/tests/support/twilio_stand_in.js";
    pid_ = ::fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      ::dup2(fds[1], STDOUT_FILENO);
      const char* argv[] = {"node",    script.c_str(), "--account", kAccount,
                            "--token", kToken,         nullptr};
      ::execvp("node", const_cast<char* const*>(argv));
      ::_exit(127);
    }
    ::close(fds[1]);
    stdout_ = fds[0];
    if (pid_ > 0) port_ = ReadPort();
  }

  int ReadPort() const {
    std::string line;
    pollfd waiting{stdout_, POLLIN, 0};
    while (line.find('\n') == std::string::npos && ::poll(&waiting, 1, kStartTimeoutMs) > 0) {
      char buffer[64];
      ssize_t length = ::read(stdout_, buffer, sizeof buffer);
      if (length <= 0) break;
      line.append(buffer, static_cast<size_t>(length));
    }
    return std::atoi(line.c_str());
  }

  pid_t pid_ = -1;
  int stdout_ = -1;
  int port_ = 0;
};

OutgoingSms Sms(std::string to = "+16135550142", std::string sender = "MISSIVE") {
  return {.notification_id = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
          .to = std::move(to),
          .sender = std::move(sender),
          .text = "Santé Canada : votre code est 4821",
          .unicode = false,
          .fragments = 1};
}

TwilioConfig Config(const std::string& base, std::string token = kToken) {
  return {.base_url = base,
          .account_sid = kAccount,
          .auth_token = std::move(token),
          .from = "+16135550100",
          .status_callback = "http://127.0.0.1:6011/providers/twilio/status"};
}

SmsProviderSpec Spec(const std::string& text) { return ParseSmsProviderSpec(text).value(); }

TEST(TwilioAnswer, CreatedMessageIsAcceptedAwaitingItsReceipt) {
  SendResult result = ClassifyTwilioAnswer(
      201, R"({"sid": "SM0123456789abcdef0123456789abcdef", "status": "queued"})");
  EXPECT_EQ(result.outcome, SendOutcome::kAccepted);
  EXPECT_TRUE(result.awaits_receipt);
  EXPECT_EQ(result.detail, "SM0123456789abcdef0123456789abcdef");
}

TEST(TwilioAnswer, SuccessWithoutASidIsRetry) {
  EXPECT_EQ(ClassifyTwilioAnswer(201, "<html>").outcome, SendOutcome::kRetry);
  EXPECT_EQ(ClassifyTwilioAnswer(200, "{}").outcome, SendOutcome::kRetry);
}

TEST(TwilioAnswer, InvalidNumberIsRejectedWithTwiliosWords) {
  SendResult result = ClassifyTwilioAnswer(
      400, R"({"code": 21211, "message": "The 'To' number 123 is not a valid phone number.",
               "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400})");
  EXPECT_EQ(result.outcome, SendOutcome::kRejected);
  EXPECT_EQ(result.detail,
            "Twilio 400 error 21211: The 'To' number 123 is not a valid phone number.");
}

TEST(TwilioAnswer, OptedOutRecipientIsRejectedInGcNotifysWords) {
  SendResult result = ClassifyTwilioAnswer(
      400, R"({"code": 21610, "message": "Attempt to send to unsubscribed recipient"})");
  EXPECT_EQ(result.outcome, SendOutcome::kRejected);
  EXPECT_EQ(result.detail, "Phone number is opted out");
  EXPECT_EQ(ClassifyTwilioAnswer(400, R"({"code": "21610"})").detail, "Phone number is opted out");
}

TEST(TwilioAnswer, AuthenticationThrottlingAndServerErrorsAreRetry) {
  for (long status : {301L, 401L, 403L, 404L, 408L, 429L, 500L, 502L, 503L, 504L}) {
    SendResult result = ClassifyTwilioAnswer(status, R"({"code": 20003, "message": "x"})");
    EXPECT_EQ(result.outcome, SendOutcome::kRetry) << status;
  }
}

TEST(TwilioAnswer, OtherClientErrorsAreRejected) {
  EXPECT_EQ(ClassifyTwilioAnswer(413, "").outcome, SendOutcome::kRejected);
  EXPECT_EQ(ClassifyTwilioAnswer(400, "not json").outcome, SendOutcome::kRejected);
}

TEST(TwilioSpec, ReadsCredentialsHostAndKeys) {
  auto config = ParseTwilioSpec(
      Spec("twilio:http://ACabc:s%2Fcret@127.0.0.1:18080?from=%2B16135550100&priority=2&rate=1"
           "&timeout=2.5"),
      {.public_url = "https://notify.example.ca"});
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->base_url, "http://127.0.0.1:18080");
  EXPECT_EQ(config->account_sid, "ACabc");
  EXPECT_EQ(config->auth_token, "s/cret");
  EXPECT_EQ(config->from, "+16135550100");
  EXPECT_EQ(config->total_timeout_ms, 2500);
  EXPECT_EQ(config->status_callback, "https://notify.example.ca/providers/twilio/status");
}

TEST(TwilioSpec, KeepsAPathAndTakesAMessagingService) {
  auto config = ParseTwilioSpec(Spec("twilio:https://ACabc:t@api.twilio.com/proxy?"
                                     "messaging_service=MG0123"),
                                {});
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->base_url, "https://api.twilio.com/proxy");
  EXPECT_EQ(config->messaging_service_sid, "MG0123");
  EXPECT_EQ(config->status_callback, "");
}

TEST(TwilioSpec, RefusesMissingCredentialsUnknownKeysAndOtherSchemes) {
  for (const char* text :
       {"twilio:http://127.0.0.1:18080", "twilio:http://ACabc@127.0.0.1",
        "twilio:http://ACabc:t@127.0.0.1?form=%2B1613", "twilio:ftp://ACabc:t@127.0.0.1",
        "twilio:http://ACabc:t@127.0.0.1?from=%2B16135550100&timeout=0",
        "twilio:http://not a url"}) {
    auto spec = ParseSmsProviderSpec(text);
    ASSERT_TRUE(spec.ok()) << text;
    auto config = ParseTwilioSpec(*spec, {});
    ASSERT_FALSE(config.ok()) << text;
    EXPECT_EQ(config.error().code, ErrorCode::kInvalid);
    EXPECT_EQ(config.error().message.find(":t@"), std::string::npos) << "no secret in messages";
  }
}

// The message for `text`, which must be a spec ParseSmsProviderSpec takes and ParseTwilioSpec
// refuses; empty otherwise.
std::string Refusal(const std::string& text) {
  auto spec = ParseSmsProviderSpec(text);
  if (!spec) return "";
  auto config = ParseTwilioSpec(*spec, {});
  if (config) return "";
  EXPECT_EQ(config.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(config.error().message.find("s3cret"), std::string::npos) << "no secret in messages";
  return config.error().message;
}

TEST(TwilioSpec, RefusesPlainHttpToAnotherMachine) {
  for (const char* host : {"api.twilio.com", "10.0.0.7", "127.0.0.2.example.ca", "[::2]"}) {
    std::string text = std::string("twilio:http://ACabc:s3cret@") + host + "?from=%2B16135550100";
    EXPECT_NE(Refusal(text).find("unencrypted"), std::string::npos) << text;
  }
  for (const char* host : {"127.0.0.1:8080", "localhost", "LOCALHOST:1", "[::1]:9"}) {
    std::string text = std::string("twilio:http://ACabc:s3cret@") + host + "?from=%2B16135550100";
    EXPECT_TRUE(ParseTwilioSpec(*ParseSmsProviderSpec(text), {}).ok()) << text;
  }
}

TEST(TwilioSpec, RefusesNeitherOrBothOfFromAndMessagingService) {
  const std::string base = "twilio:https://ACabc:s3cret@api.twilio.com";
  EXPECT_NE(Refusal(base).find("exactly one of from and messaging_service"), std::string::npos);
  EXPECT_NE(Refusal(base + "?timeout=3").find("exactly one"), std::string::npos);
  EXPECT_NE(Refusal(base + "?from=%2B16135550100&messaging_service=MG1").find("exactly one"),
            std::string::npos);
  EXPECT_NE(Refusal(base + "?messaging_service=").find("messaging_service is empty"),
            std::string::npos);
}

TEST(TwilioSpec, RefusesAFromThatIsNeitherANumberNorASenderId) {
  const std::string base = "twilio:https://ACabc:s3cret@api.twilio.com?from=";
  for (const char* from :
       {"", "%2B", "%2B1613555", "%2B1234567890123456", "%2B1613-555-0100", "16135550100%2B",
        "TooLongSender", "Avis%20GC", "Avis-GC", "%C3%A9t%C3%A9"}) {
    EXPECT_NE(Refusal(base + from).find("from must be"), std::string::npos) << from;
  }
  for (const char* from : {"%2B16135550", "%2B123456789012345", "AvisGC", "12345", "A"}) {
    EXPECT_TRUE(ParseTwilioSpec(*ParseSmsProviderSpec(base + from), {}).ok()) << from;
  }
}

TEST(TwilioSpec, RefusesARepeatedKey) {
  const std::string base = "twilio:https://ACabc:s3cret@api.twilio.com?from=%2B16135550100";
  EXPECT_NE(Refusal(base + "&from=%2B16135550199").find("'from' is repeated"), std::string::npos);
  EXPECT_NE(Refusal(base + "&timeout=2&timeout=3").find("'timeout' is repeated"),
            std::string::npos);
  auto spec = ParseSmsProviderSpec(base + "&priority=1&priority=2");
  ASSERT_FALSE(spec.ok());
  EXPECT_NE(spec.error().message.find("priority is repeated"), std::string::npos);
}

TEST(TwilioSpec, TimeoutMessageGivesTheRangeItChecks) {
  const std::string base = "twilio:https://ACabc:s3cret@api.twilio.com?from=%2B16135550100";
  for (const char* timeout : {"0", "-1", "601", "soon"}) {
    EXPECT_NE(Refusal(base + "&timeout=" + timeout).find("more than 0 and at most 600"),
              std::string::npos)
        << timeout;
  }
  EXPECT_TRUE(ParseTwilioSpec(*ParseSmsProviderSpec(base + "&timeout=600"), {}).ok());
}

TEST(SmsProviderSpec, TakesOutTheCommonKeys) {
  auto spec = ParseSmsProviderSpec(
      "kannel:http://h:13013/cgi-bin/sendsms?username=u&priority=3"
      "&rate=10.5&burst=20&from=123");
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(spec->kind, "kannel");
  EXPECT_EQ(spec->url, "http://h:13013/cgi-bin/sendsms");
  EXPECT_EQ(spec->priority, 3);
  EXPECT_EQ(spec->rate, 10.5);
  EXPECT_EQ(spec->burst, 20);
  EXPECT_EQ(spec->Param("username"), "u");
  EXPECT_EQ(spec->Param("from"), "123");
  EXPECT_EQ(spec->Param("rate"), "");
}

TEST(SmsProviderSpec, RefusesMissingKindAndBadNumbers) {
  for (const char* text : {"http://h", ":http://h", "twilio:", "twilio:http://h?priority=1.5",
                           "twilio:http://h?rate=-1", "twilio:http://h?burst=lots"}) {
    EXPECT_FALSE(ParseSmsProviderSpec(text).ok()) << text;
  }
}

class TwilioProviderTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_GT(twilio_.port(), 0) << "the Twilio stand-in did not start"; }
  TwilioStandIn twilio_;
};

TEST_F(TwilioProviderTest, SendsTheFormTwilioExpectsAndKeepsTheSid) {
  auto provider = MakeTwilioProvider(Config(twilio_.base()));
  SendResult result = provider->Send(Sms());
  ASSERT_EQ(result.outcome, SendOutcome::kAccepted) << result.detail;
  EXPECT_TRUE(result.awaits_receipt);
  EXPECT_EQ(result.detail.size(), 34u);
  EXPECT_EQ(result.detail.substr(0, 2), "SM");

  auto requests = twilio_.Requests();
  ASSERT_EQ(requests.size(), 1u);
  const auto& form = requests[0]["form"];
  EXPECT_EQ(form["To"], "+16135550142");
  EXPECT_EQ(form["From"], "+16135550100");
  EXPECT_EQ(form["Body"], "Santé Canada : votre code est 4821");
  EXPECT_EQ(
      form["StatusCallback"],
      "http://127.0.0.1:6011/providers/twilio/status?id=0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
  EXPECT_EQ(requests[0]["status"], 201);
}

TEST_F(TwilioProviderTest, AMessagesOwnNumberIsItsFrom) {
  auto provider = MakeTwilioProvider(Config(twilio_.base()));
  ASSERT_EQ(provider->Send(Sms("+16135550142", "+18195550199")).outcome, SendOutcome::kAccepted);
  EXPECT_EQ(twilio_.Requests()[0]["form"]["From"], "+18195550199");
}

TEST_F(TwilioProviderTest, MessagingServiceReplacesFrom) {
  TwilioConfig config = Config(twilio_.base());
  config.messaging_service_sid = "MG0123456789abcdef0123456789abcdef";
  ASSERT_EQ(MakeTwilioProvider(config)->Send(Sms()).outcome, SendOutcome::kAccepted);
  auto form = twilio_.Requests()[0]["form"];
  EXPECT_EQ(form["MessagingServiceSid"], "MG0123456789abcdef0123456789abcdef");
  EXPECT_FALSE(form.contains("From"));
}

TEST_F(TwilioProviderTest, WrongAuthTokenIsRetry) {
  SendResult result = MakeTwilioProvider(Config(twilio_.base(), "wrong"))->Send(Sms());
  EXPECT_EQ(result.outcome, SendOutcome::kRetry);
  EXPECT_EQ(result.detail, "Twilio 401 error 20003: Authenticate");
}

TEST_F(TwilioProviderTest, RefusedNumberIsRejected) {
  twilio_.Control("refuse", {{"to", "+16135550199"}, {"code", 21211}});
  twilio_.Control("refuse", {{"to", "+16135550198"}, {"code", 21610}, {"message", "unsubscribed"}});
  auto provider = MakeTwilioProvider(Config(twilio_.base()));
  SendResult invalid = provider->Send(Sms("+16135550199"));
  EXPECT_EQ(invalid.outcome, SendOutcome::kRejected);
  EXPECT_NE(invalid.detail.find("21211"), std::string::npos) << invalid.detail;
  SendResult opted_out = provider->Send(Sms("+16135550198"));
  EXPECT_EQ(opted_out.outcome, SendOutcome::kRejected);
  EXPECT_EQ(opted_out.detail, "Phone number is opted out");
}

TEST_F(TwilioProviderTest, ThrottlingAndOutagesAreRetryAndPassWhenOver) {
  auto provider = MakeTwilioProvider(Config(twilio_.base()));
  for (int status : {429, 500, 503}) {
    twilio_.Control("fail", {{"status", status}, {"count", 1}});
    EXPECT_EQ(provider->Send(Sms()).outcome, SendOutcome::kRetry) << status;
    EXPECT_EQ(provider->Send(Sms()).outcome, SendOutcome::kAccepted) << status;
  }
}

TEST_F(TwilioProviderTest, SharedBetweenThreadsEveryMessageIsSentOnce) {
  auto provider = MakeTwilioProvider(Config(twilio_.base()));
  std::vector<std::thread> threads;
  std::atomic<int> accepted{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i)
        accepted += provider->Send(Sms()).outcome == SendOutcome::kAccepted;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(accepted, 40);
  EXPECT_EQ(twilio_.Requests().size(), 40u);
}

TEST(TwilioProvider, NobodyListeningIsRetry) {
  LoopbackSocket closed(false);
  auto provider = MakeTwilioProvider(Config("http://127.0.0.1:" + std::to_string(closed.port())));
  EXPECT_EQ(provider->Send(Sms()).outcome, SendOutcome::kRetry);
}

TEST(TwilioProvider, ServerThatNeverAnswersIsRetryAfterTheTimeout) {
  LoopbackSocket silent(true);
  TwilioConfig config = Config("http://127.0.0.1:" + std::to_string(silent.port()));
  config.total_timeout_ms = 300;
  SendResult result = MakeTwilioProvider(config)->Send(Sms());
  EXPECT_EQ(result.outcome, SendOutcome::kRetry);
  EXPECT_NE(result.detail.find("Twilio: "), std::string::npos) << result.detail;
}

}  // namespace
}  // namespace missive
