<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>BusyIndicator</name>
        <message>
            <source>Please wait…</source>
            <translation>请稍候…</translation>
        </message>
    </context>
    <context>
        <name>ChangePasswordScreen</name>
        <message>
            <source>Change your initial password</source>
            <translation>修改初始密码</translation>
        </message>
        <message>
            <source>You logged in with the initial password (the last 6 characters of your document number). Choose a new personal password, enter it twice, and tap Save new password. Tap a field to open the on-screen keyboard.</source>
            <translation>您使用初始密码（证件号码后六位）登录，需要先设置新的个人密码：输入两次新密码后，点击“保存新密码”。点击输入框可打开屏幕键盘。</translation>
        </message>
        <message>
            <source>New password</source>
            <translation>新密码</translation>
        </message>
        <message>
            <source>8-16 characters</source>
            <translation>8-16 位</translation>
        </message>
        <message>
            <source>New password again</source>
            <translation>再次输入新密码</translation>
        </message>
        <message>
            <source>Enter the same password once more</source>
            <translation>请再输入一次相同的新密码</translation>
        </message>
        <message>
            <source>Save new password</source>
            <translation>保存新密码</translation>
        </message>
    </context>
    <context>
        <name>ComingSoon</name>
        <message>
            <source>Coming soon</source>
            <translation>即将开放</translation>
        </message>
        <message>
            <source>This service will open soon at this terminal. Please ask the hall staff for help with it today.</source>
            <translation>该功能即将开放，请咨询大厅工作人员。</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>知道了</translation>
        </message>
    </context>
    <context>
        <name>CredentialsScreen</name>
        <message>
            <source>Natural-person login</source>
            <translation>自然人登录</translation>
        </message>
        <message>
            <source>Enter your ID number, your phone number or your username, then your personal password, and tap Next. Use the keypad for digits and X; tap a field to open the on-screen keyboard for letters. A code will then be sent to your phone.</source>
            <translation>请输入证件号码、手机号码或用户名，再输入个人用户密码，然后点击“下一步”。数字和 X 可用右侧数字键盘输入；输入字母请点击输入框，打开屏幕键盘。下一步将向您的手机发送短信验证码。</translation>
        </message>
        <message>
            <source>ID number / phone number / username</source>
            <translation>证件号码 / 手机号码 / 用户名</translation>
        </message>
        <message>
            <source>ID number: 18 characters (last may be X) · phone: 11 digits</source>
            <translation>身份证号码 18 位（末位可为 X）· 手机号码 11 位</translation>
        </message>
        <message>
            <source>Personal password</source>
            <translation>个人用户密码</translation>
        </message>
        <message>
            <source>8-16 characters, case-sensitive</source>
            <translation>8-16 位，区分大小写</translation>
        </message>
        <message>
            <source>For the safety of your account, do not bind your account to another person's phone number.</source>
            <translation>为了自身账户安全，请不要将自己的账户绑定他人手机号。</translation>
        </message>
        <message>
            <source>Forgot password</source>
            <translation>忘记密码</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>下一步</translation>
        </message>
    </context>
    <context>
        <name>DigitKeypad</name>
        <message>
            <source>⌫ Delete</source>
            <translation>⌫ 退格</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>清空</translation>
        </message>
    </context>
    <context>
        <name>HomeScreen</name>
        <message>
            <source>Tax Self-Service Terminal</source>
            <translation>办税自助终端</translation>
        </message>
        <message>
            <source>Tap Natural-person services to log in with your ID number, phone number or username. Use 中文 / EN at the top to change the language.</source>
            <translation>点击“自然人业务”，可使用证件号码、手机号码或用户名登录。点击顶部的“中文 / EN”可切换语言。</translation>
        </message>
        <message>
            <source>Welcome</source>
            <translation>欢迎使用办税自助终端</translation>
        </message>
        <message>
            <source>Please choose a service.</source>
            <translation>请选择要办理的业务。</translation>
        </message>
        <message>
            <source>Opening soon</source>
            <translation>即将开放</translation>
        </message>
        <message>
            <source>Natural-person services</source>
            <translation>自然人业务</translation>
        </message>
        <message>
            <source>Enterprise services</source>
            <translation>企业业务</translation>
        </message>
        <message>
            <source>Agent services</source>
            <translation>代理业务</translation>
        </message>
        <message>
            <source>User registration</source>
            <translation>用户注册</translation>
        </message>
        <message>
            <source>Forgot password</source>
            <translation>忘记密码</translation>
        </message>
        <message>
            <source>Staff</source>
            <translation>工作人员</translation>
        </message>
    </context>
    <context>
        <name>IdleWarning</name>
        <message>
            <source>Are you still there?</source>
            <translation>您还在使用吗？</translation>
        </message>
        <message>
            <source>For your privacy, this session ends in {seconds} seconds: you will be logged out and everything entered will be cleared.</source>
            <translation>为保护您的信息安全，{seconds} 秒后将自动退出登录，并清除本次输入的全部内容。</translation>
        </message>
        <message>
            <source>Continue</source>
            <translation>继续使用</translation>
        </message>
    </context>
    <context>
        <name>LoggedInHomeScreen</name>
        <message>
            <source>Natural-person services</source>
            <translation>自然人业务</translation>
        </message>
        <message>
            <source>You are logged in. More services will be added here. When you are done, tap Log out: the terminal keeps nothing of your visit.</source>
            <translation>您已登录。更多业务将陆续在此开放。办理完毕请点击“退出登录”，本终端不会保留您本次办理的任何信息。</translation>
        </message>
        <message>
            <source>Log out and go to the home screen?</source>
            <translation>退出登录并返回首页？</translation>
        </message>
        <message>
            <source>You will be logged out and everything shown here will be cleared.</source>
            <translation>您将退出登录，本页显示的全部信息将被清除。</translation>
        </message>
        <message>
            <source>Hello, {name}</source>
            <translation>您好，{name}</translation>
        </message>
        <message>
            <source>ID number: {number}</source>
            <translation>证件号码：{number}</translation>
        </message>
        <message>
            <source>{level}</source>
            <translation>实名等级：{level}</translation>
        </message>
        <message>
            <source>When you have finished, tap Log out. The terminal also logs you out by itself after a short time without use.</source>
            <translation>办理完毕请点击“退出登录”。如一段时间无操作，终端也会自动退出登录。</translation>
        </message>
        <message>
            <source>Log out</source>
            <translation>退出登录</translation>
        </message>
    </context>
    <context>
        <name>LoginJourney</name>
        <message>
            <source>Checking your account…</source>
            <translation>正在核验账号，请稍候…</translation>
        </message>
        <message>
            <source>Sending the code…</source>
            <translation>正在发送验证码，请稍候…</translation>
        </message>
        <message>
            <source>Checking the code…</source>
            <translation>正在核对验证码，请稍候…</translation>
        </message>
        <message>
            <source>Saving your new password…</source>
            <translation>正在保存新密码，请稍候…</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>You have logged out. Nothing of your visit is kept.</source>
            <translation>您已安全退出，本终端未保留您的任何信息。</translation>
        </message>
        <message>
            <source>You were logged out after a time without use, and everything entered was cleared.</source>
            <translation>由于长时间无操作，已自动退出登录，并清除了本次输入的全部内容。</translation>
        </message>
    </context>
    <context>
        <name>MessageBanner</name>
        <message>
            <source>Error</source>
            <translation>错误</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>成功</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>提示</translation>
        </message>
        <message>
            <source>Rule {rule}</source>
            <translation>规则编号 {rule}</translation>
        </message>
    </context>
    <context>
        <name>PasswordChangedScreen</name>
        <message>
            <source>Password changed</source>
            <translation>密码已修改</translation>
        </message>
        <message>
            <source>Tap Log in again and use your new password.</source>
            <translation>请点击“重新登录”，并使用新密码登录。</translation>
        </message>
        <message>
            <source>Log in again</source>
            <translation>重新登录</translation>
        </message>
        <message>
            <source>Your password has been changed. Please log in again with your new password.</source>
            <translation>密码修改成功。请使用新密码重新登录。</translation>
        </message>
    </context>
    <context>
        <name>ScreenFrame</name>
        <message>
            <source>Keep entering</source>
            <translation>继续填写</translation>
        </message>
        <message>
            <source>Clear and go home</source>
            <translation>清除并返回首页</translation>
        </message>
        <message>
            <source>Help</source>
            <translation>帮助</translation>
        </message>
        <message>
            <source>Got it</source>
            <translation>知道了</translation>
        </message>
        <message>
            <source>Follow the instructions on the screen, step by step.</source>
            <translation>请按照屏幕上的提示逐步操作。</translation>
        </message>
        <message>
            <source>Leave and go to the home screen?</source>
            <translation>离开并返回首页？</translation>
        </message>
        <message>
            <source>What you have entered will be cleared and not saved.</source>
            <translation>您已输入的内容将被清除，不会保存。</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>返回</translation>
        </message>
        <message>
            <source>Home</source>
            <translation>首页</translation>
        </message>
        <message>
            <source>If you still need help, ask the hall staff.</source>
            <translation>如仍需帮助，请咨询大厅工作人员。</translation>
        </message>
        <message>
            <source>Step {current} of {total}</source>
            <translation>第 {current} 步，共 {total} 步</translation>
        </message>
        <message>
            <source>Logging out in {seconds} s</source>
            <translation>{seconds} 秒后自动退出</translation>
        </message>
    </context>
    <context>
        <name>SecretField</name>
        <message>
            <source>Hide</source>
            <translation>隐藏</translation>
        </message>
        <message>
            <source>Show</source>
            <translation>显示</translation>
        </message>
    </context>
    <context>
        <name>SmsScreen</name>
        <message>
            <source>Natural-person login</source>
            <translation>自然人登录</translation>
        </message>
        <message>
            <source>Tap Get code. A 6-digit code is sent by SMS to the phone number shown; enter it with the keypad and tap Log in. If that phone is no longer yours, use 找回手机号码 (retrieve phone number) at the hall counter.</source>
            <translation>请点击“获取验证码”，6 位短信验证码将发送到屏幕上显示的手机号码；用数字键盘输入后点击“登录”。如该手机号已不再使用，请办理“找回手机号码”。</translation>
        </message>
        <message>
            <source>The code will be sent to {phone}.</source>
            <translation>验证码将发送至 {phone}。</translation>
        </message>
        <message>
            <source>The code will be sent to your bound phone.</source>
            <translation>验证码将发送至您绑定的手机号码。</translation>
        </message>
        <message>
            <source>When you log in, choose a phone number that can receive SMS codes. If you no longer have this phone, use 找回手机号码 (retrieve phone number).</source>
            <translation>请您在登录时，选择能够收取短信验证码的手机号进行登录。如该手机号已不再使用，请办理“找回手机号码”。</translation>
        </message>
        <message>
            <source>Get code</source>
            <translation>获取验证码</translation>
        </message>
        <message>
            <source>Get a new code ({seconds} s)</source>
            <translation>重新获取（{seconds} 秒）</translation>
        </message>
        <message>
            <source>SMS code</source>
            <translation>短信验证码</translation>
        </message>
        <message>
            <source>6 digits</source>
            <translation>6 位数字</translation>
        </message>
        <message>
            <source>Log in</source>
            <translation>登录</translation>
        </message>
        <message>
            <source>A code was sent to {phone}. It is valid for {minutes} minutes.</source>
            <translation>验证码已发送至 {phone}，{minutes} 分钟内有效。</translation>
        </message>
    </context>
    <context>
        <name>TesterPanel</name>
        <message>
            <source>Staff · tester panel (demo)</source>
            <translation>工作人员 · 测试面板（演示）</translation>
        </message>
        <message>
            <source>Demo terminal only. The devices are mocks. Demo SMS codes are not sent to real phones: the latest ones are listed here. Tap Refresh after requesting a code.</source>
            <translation>仅用于演示终端。设备均为模拟设备。演示环境的短信验证码不会发送到真实手机，最新的验证码列在此处；获取验证码后请点击“刷新”。</translation>
        </message>
        <message>
            <source>Devices</source>
            <translation>设备</translation>
        </message>
        <message>
            <source>SMS outbox (latest first)</source>
            <translation>短信发件箱（最新在前）</translation>
        </message>
        <message>
            <source>Device</source>
            <translation>设备</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Description</source>
            <translation>说明</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>手机号码</translation>
        </message>
        <message>
            <source>Code</source>
            <translation>验证码</translation>
        </message>
        <message>
            <source>Purpose</source>
            <translation>用途</translation>
        </message>
        <message>
            <source>Sent at</source>
            <translation>发送时间</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>The SMS outbox could not be read: {error}</source>
            <translation>无法读取短信发件箱：{error}</translation>
        </message>
    </context>
    <context>
        <name>Validators</name>
        <message>
            <source>ID number format is correct (18 characters).</source>
            <translation>身份证号码格式正确（18 位）。</translation>
        </message>
        <message>
            <source>Phone number format is correct (11 digits).</source>
            <translation>手机号码格式正确（11 位）。</translation>
        </message>
        <message>
            <source>{count} entered: a phone number has 11 digits, an ID number 18.</source>
            <translation>已输入 {count} 位：手机号码为 11 位，身份证号码为 18 位。</translation>
        </message>
        <message>
            <source>Too long: {count} entered, an ID number has 18 characters.</source>
            <translation>号码过长：已输入 {count} 位，身份证号码为 18 位。</translation>
        </message>
        <message>
            <source>Username or document number format is correct.</source>
            <translation>用户名或证件号码格式正确。</translation>
        </message>
        <message>
            <source>A username has 6-20 letters or digits and starts with a letter; other document numbers 5-30 characters.</source>
            <translation>用户名为 6-20 位字母或数字，以字母开头；其他证件号码为 5-30 位。</translation>
        </message>
        <message>
            <source>{count} of 6 digits entered.</source>
            <translation>已输入 {count} 位，共 6 位。</translation>
        </message>
        <message>
            <source>6 digits entered.</source>
            <translation>已输入 6 位。</translation>
        </message>
        <message>
            <source>This password meets the rules.</source>
            <translation>密码符合规则。</translation>
        </message>
        <message>
            <source>Keep typing…</source>
            <translation>请继续输入…</translation>
        </message>
        <message>
            <source>Both entries match.</source>
            <translation>两次输入一致。</translation>
        </message>
        <message>
            <source>The two entries do not match yet.</source>
            <translation>两次输入的密码不一致。</translation>
        </message>
    </context>
</TS>
