#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "delivery/email_sender.h"
#include "delivery/test_util.h"

namespace missive {
namespace {

namespace fs = std::filesystem;

constexpr char kPython[] = "/usr/bin/python3";
constexpr int kStartTimeoutMs = 15000;

// tests/support/smtp_server.py running as a child process on a free loopback port, storing what it
// accepts in a Maildir, started with `options` (see the script). Killed and reaped on destruction;
// also killed if this process dies.
class SmtpServerProcess {
 public:
  explicit SmtpServerProcess(std::vector<std::string> options = {})
      : maildir_((fs::path(dir_.path()) / "maildir").string()), options_(std::move(options)) {
    Start();
  }
  ~SmtpServerProcess() { Stop(); }
  SmtpServerProcess(const SmtpServerProcess&) = delete;
  SmtpServerProcess& operator=(const SmtpServerProcess&) = delete;

  int port() const { return port_; }
  std::string url(std::string scheme = "smtp") const {
    return scheme + "://127.0.0.1:" + std::to_string(port_);
  }
  // The directory for --tls-dir: the script writes cert.pem there.
  std::string dir() const { return dir_.path(); }

  // The contents of every message stored so far.
  std::vector<std::string> Messages() const {
    std::vector<std::string> messages;
    fs::path fresh = fs::path(maildir_) / "new";
    if (!fs::exists(fresh)) return messages;
    for (const auto& entry : fs::directory_iterator(fresh)) {
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream content;
      content << in.rdbuf();
      messages.push_back(content.str());
    }
    return messages;
  }

 private:
  void Start() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return;
    std::string script = std::string(MISSIVE_SOURCE_DIR) + "/tests/support/smtp_server.py";
    pid_ = ::fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      ::dup2(fds[1], STDOUT_FILENO);
      std::vector<const char*> argv = {kPython, script.c_str()};
      for (const std::string& option : options_) argv.push_back(option.c_str());
      argv.insert(argv.end(), {"0", maildir_.c_str(), nullptr});
      ::execv(kPython, const_cast<char* const*>(argv.data()));
      ::_exit(127);
    }
    ::close(fds[1]);
    stdout_ = fds[0];
    if (pid_ > 0) port_ = ReadPort();
  }

  // The first line the server prints: its port. 0 when it does not come in time.
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

  void Stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    if (stdout_ >= 0) ::close(stdout_);
  }

  TempDir dir_;
  std::string maildir_;
  std::vector<std::string> options_;
  pid_t pid_ = -1;
  int stdout_ = -1;
  int port_ = 0;
};

OutgoingEmail Email(std::string to) {
  OutgoingEmail email;
  email.notification_id = "26785a09-ab16-4eb0-8407-a37497a57506";
  email.from_name = "Service à l'essai";
  email.from_address = "service@notification.canada.ca";
  email.to = std::move(to);
  email.subject = "Réponse à votre demande";
  email.text_body = "Bonjour,\n.\nVotre demande a été reçue.\n";
  email.html_body = "<p>Bonjour,</p>\n.\n<p>Votre demande a été reçue.</p>";
  email.date = 1796401292LL * kMicrosPerSecond;
  return email;
}

// Every behaviour twice: against a server offering PIPELINING (MAIL, RCPT and DATA written
// together) and against one that does not (each command waits for its reply).
class SmtpSenderTest : public ::testing::TestWithParam<bool> {
 protected:
  SmtpSenderTest() : server_(GetParam() ? std::vector<std::string>{} : NoPipelining()) {}
  void SetUp() override { ASSERT_GT(server_.port(), 0) << "the test SMTP server did not start"; }

  static std::vector<std::string> NoPipelining() { return {"--no-pipelining"}; }
  std::unique_ptr<EmailSender> Sender() { return MakeSmtpSender({.url = server_.url()}); }

  SmtpServerProcess server_;
};

INSTANTIATE_TEST_SUITE_P(Smtp, SmtpSenderTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "Pipelining" : "OneCommandAtATime";
                         });

TEST_P(SmtpSenderTest, NameIsSmtp) { EXPECT_EQ(Sender()->Name(), "smtp"); }

TEST_P(SmtpSenderTest, AcceptedMessageReachesTheMailboxIntact) {
  OutgoingEmail email = Email("marie@example.ca");
  SendResult result = Sender()->Send(email);

  ASSERT_EQ(result.outcome, SendOutcome::kAccepted) << result.detail;
  EXPECT_EQ(result.detail.substr(0, 3), "250");
  std::vector<std::string> messages = server_.Messages();
  ASSERT_EQ(messages.size(), 1u);
  ParsedMessage message = ParseMessage(messages[0]);
  EXPECT_EQ(message.Header("X-RcptTo"), "marie@example.ca");
  EXPECT_EQ(message.Header("X-MailFrom"), "service@notification.canada.ca");
  EXPECT_EQ(message.Header("To"), "marie@example.ca");
  EXPECT_EQ(DecodeHeaderWords(message.Header("Subject")), "Réponse à votre demande");
  EXPECT_EQ(message.Header("Message-ID"), MessageIdFor(email));
  ASSERT_EQ(message.parts.size(), 2u);
  EXPECT_EQ(DecodeQuotedPrintable(message.parts[0].body), ToCrlf(email.text_body));
  EXPECT_EQ(DecodeQuotedPrintable(message.parts[1].body), ToCrlf(email.html_body));
}

TEST_P(SmtpSenderTest, EnvelopeSenderIsMailFromWhenSet) {
  OutgoingEmail email = Email("marie@example.ca");
  email.envelope_from = VerpAddress("bounces@example.ca", email.notification_id);
  ASSERT_EQ(Sender()->Send(email).outcome, SendOutcome::kAccepted);

  std::vector<std::string> messages = server_.Messages();
  ASSERT_EQ(messages.size(), 1u);
  ParsedMessage message = ParseMessage(messages[0]);
  EXPECT_EQ(message.Header("X-MailFrom"),
            "bounces+26785a09-ab16-4eb0-8407-a37497a57506@example.ca");
  EXPECT_EQ(message.Header("From").find("bounces"), std::string::npos);
}

TEST_P(SmtpSenderTest, OneSenderDeliversSeveralMessagesInTurn) {
  std::unique_ptr<EmailSender> sender = Sender();
  for (const char* to : {"a@example.ca", "b@example.ca", "c@example.ca"}) {
    SendResult result = sender->Send(Email(to));
    ASSERT_EQ(result.outcome, SendOutcome::kAccepted) << to << ": " << result.detail;
  }
  EXPECT_EQ(server_.Messages().size(), 3u);
}

TEST_P(SmtpSenderTest, RejectedRecipientIsPermanentWithTheServersReply) {
  SendResult result = Sender()->Send(Email("reject.me@example.ca"));
  EXPECT_EQ(result.outcome, SendOutcome::kRejected);
  EXPECT_EQ(result.detail, "550 5.1.1 Mailbox unavailable");
  EXPECT_TRUE(server_.Messages().empty());
}

TEST_P(SmtpSenderTest, TemporaryRecipientFailureIsRetry) {
  SendResult result = Sender()->Send(Email("tempfail@example.ca"));
  EXPECT_EQ(result.outcome, SendOutcome::kRetry);
  EXPECT_EQ(result.detail, "451 4.3.0 Try again later");
}

TEST_P(SmtpSenderTest, SenderStillDeliversAfterARejection) {
  std::unique_ptr<EmailSender> sender = Sender();
  EXPECT_EQ(sender->Send(Email("reject@example.ca")).outcome, SendOutcome::kRejected);
  EXPECT_EQ(sender->Send(Email("tempfail@example.ca")).outcome, SendOutcome::kRetry);
  SendResult result = sender->Send(Email("marie@example.ca"));
  EXPECT_EQ(result.outcome, SendOutcome::kAccepted) << result.detail;
  EXPECT_EQ(server_.Messages().size(), 1u);
}

TEST_P(SmtpSenderTest, SendEachReportsEveryMessageInOrderBeforeTheNextContentLeaves) {
  std::vector<OutgoingEmail> emails;
  for (const char* to : {"a@example.ca", "reject.b@example.ca", "c@example.ca",
                         "tempfail.d@example.ca", "e@example.ca", "f@example.ca"}) {
    emails.push_back(Email(to));
  }
  std::vector<std::pair<size_t, SendOutcome>> reported;
  std::vector<size_t> stored_when_reported;

  Sender()->SendEach(emails, [&](size_t i, const SendResult& result) {
    reported.emplace_back(i, result.outcome);
    stored_when_reported.push_back(server_.Messages().size());
    return true;
  });

  using O = SendOutcome;
  std::vector<std::pair<size_t, SendOutcome>> expected = {{0, O::kAccepted}, {1, O::kRejected},
                                                          {2, O::kAccepted}, {3, O::kRetry},
                                                          {4, O::kAccepted}, {5, O::kAccepted}};
  EXPECT_EQ(reported, expected);
  // When message i is reported, the server holds the accepted messages up to i and none after.
  EXPECT_EQ(stored_when_reported, (std::vector<size_t>{1, 1, 2, 2, 3, 4}));
  EXPECT_EQ(server_.Messages().size(), 4u);
}

TEST_P(SmtpSenderTest, SendEachStopsWhereTheCallerSaysAndSendsNothingMore) {
  std::vector<OutgoingEmail> emails = {Email("a@example.ca"), Email("b@example.ca"),
                                       Email("c@example.ca")};
  std::vector<size_t> reported;
  std::unique_ptr<EmailSender> sender = Sender();
  sender->SendEach(emails, [&](size_t i, const SendResult&) {
    reported.push_back(i);
    return i == 0;
  });

  EXPECT_EQ(reported, (std::vector<size_t>{0, 1}));
  EXPECT_EQ(server_.Messages().size(), 2u);
  SendResult after = sender->Send(Email("d@example.ca"));  // the sender is still usable
  EXPECT_EQ(after.outcome, SendOutcome::kAccepted) << after.detail;
  EXPECT_EQ(server_.Messages().size(), 3u);
}

TEST_P(SmtpSenderTest, AccentedLocalPartIsRefusedByAServerWithoutSmtpUtf8) {
  std::vector<OutgoingEmail> emails = {Email("zoé@example.ca"), Email("b@example.ca")};
  std::vector<SendOutcome> outcomes;
  Sender()->SendEach(emails, [&](size_t, const SendResult& result) {
    outcomes.push_back(result.outcome);
    return true;
  });

  EXPECT_EQ(outcomes, (std::vector<SendOutcome>{SendOutcome::kRejected, SendOutcome::kAccepted}));
  EXPECT_EQ(server_.Messages().size(), 1u);
}

TEST(SmtpSender, NothingListeningIsRetry) {
  LoopbackSocket reserved(/*listen=*/false);
  std::string url = "smtp://127.0.0.1:" + std::to_string(reserved.port());
  SendResult result = MakeSmtpSender({.url = url})->Send(Email("marie@example.ca"));
  EXPECT_EQ(result.outcome, SendOutcome::kRetry);
  EXPECT_FALSE(result.detail.empty());
}

TEST(SmtpSender, ServerThatNeverAnswersTimesOutAsRetry) {
  LoopbackSocket silent(/*listen=*/true);
  SmtpConfig config{.url = "smtp://127.0.0.1:" + std::to_string(silent.port()),
                    .connect_timeout_ms = 1000,
                    .total_timeout_ms = 300};
  SendResult result = MakeSmtpSender(config)->Send(Email("marie@example.ca"));
  EXPECT_EQ(result.outcome, SendOutcome::kRetry);
  EXPECT_NE(result.detail.find("timed out"), std::string::npos) << result.detail;
}

TEST(SmtpSender, ConnectionTheServerClosedWhileIdleIsReplacedBeforeTheNextMessage) {
  SmtpServerProcess server({"--idle-timeout", "0.3"});
  ASSERT_GT(server.port(), 0);
  std::unique_ptr<EmailSender> sender = MakeSmtpSender({.url = server.url()});
  ASSERT_EQ(sender->Send(Email("a@example.ca")).outcome, SendOutcome::kAccepted);

  std::this_thread::sleep_for(std::chrono::milliseconds(1000));  // the server hangs up meanwhile
  SendResult result = sender->Send(Email("b@example.ca"));
  EXPECT_EQ(result.outcome, SendOutcome::kAccepted) << result.detail;
  EXPECT_EQ(server.Messages().size(), 2u);
}

// A server offering STARTTLS with a fresh self-signed certificate for 127.0.0.1 and, when
// `credentials` is set, requiring AUTH with them.
std::vector<std::string> TlsOptions(std::string credentials = "", std::string mechanisms = "") {
  std::vector<std::string> options;
  if (!credentials.empty()) options.insert(options.end(), {"--auth", credentials});
  if (!mechanisms.empty()) options.insert(options.end(), {"--auth-mechanisms", mechanisms});
  return options;
}

class SmtpTlsTest : public ::testing::Test {
 protected:
  std::unique_ptr<SmtpServerProcess> Start(std::vector<std::string> options) {
    options.insert(options.begin(), {"--tls-dir", tls_dir_.path()});
    auto server = std::make_unique<SmtpServerProcess>(std::move(options));
    EXPECT_GT(server->port(), 0) << "the test SMTP server did not start";
    return server;
  }
  std::string ca_file() const { return tls_dir_.path() + "/cert.pem"; }

  TempDir tls_dir_;
};

TEST_F(SmtpTlsTest, PasswordIsSentAfterStartTlsAndTheMessageDelivered) {
  auto server = Start(TlsOptions("missive:s3cret"));
  SendResult result =
      MakeSmtpSender(
          {.url = server->url(), .username = "missive", .password = "s3cret", .ca_file = ca_file()})
          ->Send(Email("marie@example.ca"));
  EXPECT_EQ(result.outcome, SendOutcome::kAccepted) << result.detail;
  EXPECT_EQ(server->Messages().size(), 1u);
}

TEST_F(SmtpTlsTest, AuthLoginIsUsedWhenPlainIsNotOffered) {
  auto server = Start(TlsOptions("missive:s3cret", "LOGIN"));
  SendResult result =
      MakeSmtpSender(
          {.url = server->url(), .username = "missive", .password = "s3cret", .ca_file = ca_file()})
          ->Send(Email("marie@example.ca"));
  EXPECT_EQ(result.outcome, SendOutcome::kAccepted) << result.detail;
  EXPECT_EQ(server->Messages().size(), 1u);
}

TEST_F(SmtpTlsTest, WrongPasswordIsRetryWithTheServersReply) {
  auto server = Start(TlsOptions("missive:s3cret"));
  SendResult result =
      MakeSmtpSender(
          {.url = server->url(), .username = "missive", .password = "wrong", .ca_file = ca_file()})
          ->Send(Email("marie@example.ca"));
  EXPECT_EQ(result.outcome, SendOutcome::kRetry);
  EXPECT_NE(result.detail.find("535"), std::string::npos) << result.detail;
  EXPECT_TRUE(server->Messages().empty());
}

TEST_F(SmtpTlsTest, StartTlsMerelyOfferedEncryptsWithoutCheckingTheCertificate) {
  auto server = Start({});
  SendResult result = MakeSmtpSender({.url = server->url()})->Send(Email("marie@example.ca"));
  EXPECT_EQ(result.outcome, SendOutcome::kAccepted) << result.detail;
  EXPECT_EQ(server->Messages().size(), 1u);
}

TEST_F(SmtpTlsTest, CaFileThatDoesNotVouchForTheServerIsRefused) {
  auto server = Start({});
  SendResult result =
      MakeSmtpSender({.url = server->url(), .ca_file = "/etc/ssl/certs/ca-certificates.crt"})
          ->Send(Email("marie@example.ca"));
  EXPECT_EQ(result.outcome, SendOutcome::kRetry);
  EXPECT_NE(result.detail.find("certificate not trusted"), std::string::npos) << result.detail;
  EXPECT_TRUE(server->Messages().empty());
}

TEST_F(SmtpTlsTest, AuthenticationRequiredIsRetryWhenNoUserIsSet) {
  auto server = Start(TlsOptions("missive:s3cret"));
  SendResult result =
      MakeSmtpSender({.url = server->url(), .ca_file = ca_file()})->Send(Email("marie@example.ca"));
  EXPECT_EQ(result.outcome, SendOutcome::kRetry);
  EXPECT_NE(result.detail.find("530"), std::string::npos) << result.detail;
}

TEST(CheckSmtpCaFile, RefusesAFileWithoutCertificates) {
  EXPECT_FALSE(CheckSmtpCaFile("/dev/null"));
  EXPECT_TRUE(CheckSmtpCaFile("/etc/ssl/certs/ca-certificates.crt"));
}

TEST(SmtpSender, MoreRepliesThanCommandsAbandonTheMessage) {
  ScriptedServer server(
      "220 ready\r\n250-scripted\r\n250 PIPELINING\r\n"
      "250 ok\r\n250 ok\r\n354 go\r\n250 not the reply to any content\r\n");
  SendResult result =
      MakeSmtpSender({.url = "smtp://127.0.0.1:" + server.port()})->Send(Email("marie@example.ca"));
  EXPECT_EQ(result.outcome, SendOutcome::kRetry);
  EXPECT_NE(result.detail.find("more replies than commands"), std::string::npos) << result.detail;
}

TEST(SmtpSender, ControlCharactersInARefusalAreReplaced) {
  ScriptedServer server(
      "220 ready\r\n250-scripted\r\n250 PIPELINING\r\n"
      "250 ok\r\n550 no\x1b[31m such\x01 user\r\n554 no valid recipients\r\n");
  SendResult result =
      MakeSmtpSender({.url = "smtp://127.0.0.1:" + server.port()})->Send(Email("marie@example.ca"));
  EXPECT_EQ(result.outcome, SendOutcome::kRejected);
  EXPECT_EQ(result.detail, "550 no?[31m such? user");
}

TEST_F(SmtpTlsTest, ImplicitTlsDelivers) {
  auto server = Start({"--implicit-tls", "--auth", "missive:s3cret"});
  SendResult result = MakeSmtpSender({.url = server->url("smtps"),
                                      .username = "missive",
                                      .password = "s3cret",
                                      .ca_file = ca_file()})
                          ->Send(Email("marie@example.ca"));
  EXPECT_EQ(result.outcome, SendOutcome::kAccepted) << result.detail;
  EXPECT_EQ(server->Messages().size(), 1u);
}

TEST(SmtpSender, PasswordIsNeverSentWithoutTls) {
  SmtpServerProcess server;
  ASSERT_GT(server.port(), 0);
  SendResult result =
      MakeSmtpSender({.url = server.url(), .username = "missive", .password = "s3cret"})
          ->Send(Email("marie@example.ca"));
  EXPECT_EQ(result.outcome, SendOutcome::kRetry);
  EXPECT_NE(result.detail.find("STARTTLS"), std::string::npos) << result.detail;
  EXPECT_TRUE(server.Messages().empty());
}

TEST(CheckSmtpUrl, AcceptsHostsPortsAndAnEhloName) {
  for (const char* url :
       {"smtp://relay.example.ca", "smtps://relay.example.ca:465", "smtp://127.0.0.1:2525",
        "smtp://[::1]:2525", "smtp://[::1]", "smtp://relay.example.ca:587/missive.example.ca"}) {
    EXPECT_TRUE(CheckSmtpUrl(url)) << url;
  }
}

TEST(CheckSmtpUrl, RefusesOtherSchemesMissingHostsBadPortsAndCredentials) {
  for (const char* url : {"http://relay.example.ca", "relay.example.ca:25", "smtp://", "smtp://:25",
                          "smtp://relay.example.ca:smtp", "smtp://relay.example.ca:123456",
                          "smtp://user:pass@relay.example.ca"}) {
    EXPECT_FALSE(CheckSmtpUrl(url)) << url;
  }
}

TEST(SmtpSender, UrlOfAnotherProtocolIsRetry) {
  SendResult result = MakeSmtpSender({.url = "file:///etc/passwd"})->Send(Email("a@example.ca"));
  EXPECT_EQ(result.outcome, SendOutcome::kRetry);
}

}  // namespace
}  // namespace missive
