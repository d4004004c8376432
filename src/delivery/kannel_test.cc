#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "delivery/kannel_provider.h"
#include "delivery/kannel_reports.h"

namespace missive {
namespace {

constexpr std::string_view kSpec =
    "kannel:http://127.0.0.1:13013/cgi-bin/sendsms?username=missive&password=p%26ss%3Dword&"
    "from=12345&receipt_secret=s3cret-Value_1&priority=1&rate=10";

KannelConfig Config() {
  KannelConfig config = ParseKannelSpec(kSpec).value();
  config.public_url = "https://notify.example.ca";
  return config;
}

OutgoingSms Sms(std::string text, bool unicode = false) {
  return {.notification_id = "5a6c3b61-96c4-4f7a-9e6f-1d9b3c1f2a10",
          .to = "+16135550142",
          .sender = "MISSIVE",
          .text = std::move(text),
          .unicode = unicode};
}

// The value of `key` in a URL's query, percent-decoded once.
std::string QueryValue(const std::string& url, const std::string& key) {
  size_t start = url.find("&" + key + "=");
  if (start == std::string::npos) start = url.find("?" + key + "=");
  if (start == std::string::npos) return "<missing>";
  start += key.size() + 2;
  std::string raw = url.substr(start, url.find('&', start) - start);
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '%' && i + 2 < raw.size()) {
      out.push_back(static_cast<char>(std::stoi(raw.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(raw[i]);
    }
  }
  return out;
}

TEST(KannelSpec, ReadsTheUrlCredentialsSenderAndSecret) {
  auto config = ParseKannelSpec(kSpec);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->sendsms_url, "http://127.0.0.1:13013/cgi-bin/sendsms");
  EXPECT_EQ(config->username, "missive");
  EXPECT_EQ(config->password, "p&ss=word");
  EXPECT_EQ(config->from, "12345");
  EXPECT_EQ(config->receipt_secret, "s3cret-Value_1");
}

TEST(KannelSpec, KeepsTheKeysItDoesNotUseForTheProviderLayer) {
  auto config = ParseKannelSpec(kSpec);
  ASSERT_TRUE(config);
  using Param = std::pair<std::string, std::string>;
  EXPECT_EQ(config->other_params, (std::vector<Param>{{"priority", "1"}, {"rate", "10"}}));
}

TEST(KannelSpec, HttpsIsAccepted) {
  EXPECT_TRUE(
      ParseKannelSpec("kannel:https://sms.example.ca/cgi-bin/sendsms?username=u&"
                      "password=p&receipt_secret=s"));
}

TEST(KannelSpec, RefusesWhatIsNotAKannelHttpUrl) {
  for (std::string_view spec :
       {"twilio:http://127.0.0.1/?username=u&password=p&receipt_secret=s",
        "kannel:ftp://127.0.0.1/?username=u&password=p&receipt_secret=s",
        "kannel:http://?username=u&password=p&receipt_secret=s", "kannel:", ""}) {
    auto config = ParseKannelSpec(spec);
    ASSERT_FALSE(config) << spec;
    EXPECT_EQ(config.error().code, ErrorCode::kInvalid);
  }
}

TEST(KannelSpec, RequiresUsernamePasswordAndReceiptSecret) {
  const std::string base = "kannel:http://127.0.0.1:13013/cgi-bin/sendsms?";
  for (std::string missing : {"username", "password", "receipt_secret"}) {
    std::string query;
    for (std::string key : {"username", "password", "receipt_secret"}) {
      if (key != missing) query += key + "=x&";
    }
    auto config = ParseKannelSpec(base + query);
    ASSERT_FALSE(config) << missing;
    EXPECT_NE(config.error().message.find(missing), std::string::npos) << config.error().message;
  }
}

TEST(KannelSpec, RefusesASecretKannelWouldReadAsEscapes) {
  auto config = ParseKannelSpec(
      "kannel:http://127.0.0.1:13013/cgi-bin/sendsms?username=u&password=p&receipt_secret=a%25d");
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("receipt_secret"), std::string::npos);
}

TEST(KannelUrls, ReceiptUrlLeavesKannelsEscapesForKannel) {
  EXPECT_EQ(KannelReceiptUrl(Config(), "5a6c3b61-96c4-4f7a-9e6f-1d9b3c1f2a10"),
            "https://notify.example.ca/providers/kannel/receipt?"
            "id=5a6c3b61-96c4-4f7a-9e6f-1d9b3c1f2a10&status=%d&answer=%A&secret=s3cret-Value_1");
}

TEST(KannelUrls, SendUrlCarriesEveryParameterEncoded) {
  std::string url = KannelSendUrl(Config(), Sms("Hello & bye, 100% sure?"));
  EXPECT_EQ(url.rfind("http://127.0.0.1:13013/cgi-bin/sendsms?username=missive&", 0), 0u) << url;
  EXPECT_EQ(QueryValue(url, "password"), "p&ss=word");
  EXPECT_EQ(QueryValue(url, "to"), "+16135550142");
  EXPECT_EQ(QueryValue(url, "text"), "Hello & bye, 100% sure?");
  EXPECT_EQ(QueryValue(url, "charset"), "UTF-8");
  EXPECT_EQ(QueryValue(url, "coding"), "0");
  EXPECT_EQ(QueryValue(url, "dlr-mask"), "31");
  EXPECT_EQ(QueryValue(url, "dlr-url"),
            KannelReceiptUrl(Config(), "5a6c3b61-96c4-4f7a-9e6f-1d9b3c1f2a10"));
  EXPECT_EQ(url.find(' '), std::string::npos);
}

TEST(KannelUrls, UnicodeTextIsSentAsUcs2InUtf8) {
  std::string url = KannelSendUrl(Config(), Sms("ᓚᐅᔭᐅ été", /*unicode=*/true));
  EXPECT_EQ(QueryValue(url, "coding"), "2");
  EXPECT_EQ(QueryValue(url, "charset"), "UTF-8");
  EXPECT_EQ(QueryValue(url, "text"), "ᓚᐅᔭᐅ été");
}

TEST(KannelUrls, APhoneNumberSenderIsUsedAndANameGivesWayToTheConfiguredFrom) {
  OutgoingSms sms = Sms("x");
  EXPECT_EQ(QueryValue(KannelSendUrl(Config(), sms), "from"), "12345");
  sms.sender = "+16135550100";
  EXPECT_EQ(QueryValue(KannelSendUrl(Config(), sms), "from"), "+16135550100");
  KannelConfig no_from = Config();
  no_from.from.clear();
  sms.sender = "MISSIVE";
  EXPECT_EQ(QueryValue(KannelSendUrl(no_from, sms), "from"), "MISSIVE");
}

TEST(KannelAnswers, AcceptedAndQueuedAwaitAReceipt) {
  for (std::string_view body : {"0: Accepted for delivery", "3: Queued for later delivery\n"}) {
    SendResult result = ClassifyKannelAnswer(202, body);
    EXPECT_EQ(result.outcome, SendOutcome::kAccepted) << body;
    EXPECT_TRUE(result.awaits_receipt);
    EXPECT_EQ(result.detail.back(), 'y');
  }
}

TEST(KannelAnswers, ABadRequestIsRejected) {
  SendResult result = ClassifyKannelAnswer(400, "Missing receiver number, rejected");
  EXPECT_EQ(result.outcome, SendOutcome::kRejected);
  EXPECT_EQ(result.detail, "HTTP 400: Missing receiver number, rejected");
}

TEST(KannelAnswers, AuthorisationPathAndGatewayFailuresAreRetried) {
  for (long status : {401L, 403L, 404L, 500L, 503L, 0L}) {
    SendResult result = ClassifyKannelAnswer(status, "Authorization failed for sendsms");
    EXPECT_EQ(result.outcome, SendOutcome::kRetry) << status;
    EXPECT_FALSE(result.awaits_receipt);
  }
}

// A port on 127.0.0.1 that was free a moment ago.
int ClosedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

TEST(KannelProvider, AGatewayThatIsDownMeansRetry) {
  KannelConfig config = Config();
  config.sendsms_url = "http://127.0.0.1:" + std::to_string(ClosedPort()) + "/cgi-bin/sendsms";
  SendResult result = MakeKannelProvider(config)->Send(Sms("Bonjour"));
  EXPECT_EQ(result.outcome, SendOutcome::kRetry);
  EXPECT_FALSE(result.detail.empty());
}

TEST(KannelProvider, AGatewayThatNeverAnswersTimesOutAndMeansRetry) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);  // listens, but never accepts nor answers
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(::listen(fd, 4), 0);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  KannelConfig config = Config();
  config.sendsms_url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/sendsms";
  config.total_timeout_ms = 200;

  SendResult result = MakeKannelProvider(config)->Send(Sms("Bonjour"));
  ::close(fd);
  EXPECT_EQ(result.outcome, SendOutcome::kRetry);
}

TEST(KannelProvider, IsMadeFromASpecOrRefusesIt) {
  auto made = MakeKannelProviderFromSpec(kSpec, "https://notify.example.ca");
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ((*made)->Name(), "kannel");
  auto refused = MakeKannelProviderFromSpec("kannel:http://127.0.0.1:13013/", "");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalid);
}

TEST(KannelReports, DeliveredAndFailuresAreFinalTheOthersLeaveItSent) {
  EXPECT_EQ(KannelReportStatus(1), NotificationStatus::kDelivered);
  EXPECT_EQ(KannelReportStatus(2), NotificationStatus::kPermanentFailure);
  EXPECT_EQ(KannelReportStatus(16), NotificationStatus::kPermanentFailure);
  for (int type : {4, 8, 0, 3, 32, -1}) EXPECT_EQ(KannelReportStatus(type), std::nullopt) << type;
}

TEST(KannelInboundText, Ucs2IsConvertedToUtf8) {
  using namespace std::string_literals;
  EXPECT_EQ(KannelInboundText(std::string{'\0', '\xE9', '\0', 't', '\0', '\xE9'}, "2", "UTF-16BE"),
            "été");
  EXPECT_EQ(KannelInboundText("\x00O\x00u\x00i"s, "2", ""), "Oui");
}

TEST(KannelInboundText, SurrogatePairsBecomeOneCharacterAndBrokenOnesAReplacement) {
  using namespace std::string_literals;
  EXPECT_EQ(KannelInboundText("\xD8\x3D\xDE\x00"s, "2", "UTF-16BE"), "😀");
  EXPECT_EQ(KannelInboundText("\xD8\x3D\x00\x41"s, "2", "UTF-16BE"),
            "\uFFFD"
            "A");
  EXPECT_EQ(KannelInboundText("\x00\x41\x00"s, "2", "UTF-16BE"), "A\uFFFD");
}

TEST(KannelInboundText, Utf8StaysAndOtherBytesAreReadAsLatin1) {
  EXPECT_EQ(KannelInboundText("Bonjour à vous", "0", "UTF-8"), "Bonjour à vous");
  EXPECT_EQ(KannelInboundText("\xE0 vous", "1", "ISO-8859-1"), "à vous");
  EXPECT_EQ(KannelInboundText("\xC0\xAF", "0", ""), "À¯");  // an overlong form is not UTF-8
}

}  // namespace
}  // namespace missive
