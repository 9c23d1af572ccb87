<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>AccountCenter</name>
        <message>
            <source>Log out and go to the home screen?</source>
            <translation>退出登录并返回首页？</translation>
        </message>
        <message>
            <source>You will be logged out and everything shown here will be cleared.</source>
            <translation>您将退出登录，此处显示的全部信息将被清除。</translation>
        </message>
    </context>
    <context>
        <name>AccountCenterJourney</name>
        <message>
            <source>Face check passed: your real-name level is now 4.</source>
            <translation>人脸识别认证已通过，您的实名等级已提升为四级。</translation>
        </message>
        <message>
            <source>Loading your account…</source>
            <translation>正在读取您的账户信息…</translation>
        </message>
        <message>
            <source>Loading your numbers…</source>
            <translation>正在读取您的手机号码…</translation>
        </message>
        <message>
            <source>Loading the history…</source>
            <translation>正在读取历史管理信息…</translation>
        </message>
        <message>
            <source>Sending the code…</source>
            <translation>正在发送验证码…</translation>
        </message>
        <message>
            <source>Saving the username…</source>
            <translation>正在保存用户名…</translation>
        </message>
        <message>
            <source>Saving your new password…</source>
            <translation>正在保存新密码…</translation>
        </message>
        <message>
            <source>The record was cleared.</source>
            <translation>该条记录已清除。</translation>
        </message>
        <message>
            <source>Clearing the record…</source>
            <translation>正在清除记录…</translation>
        </message>
        <message>
            <source>Your username has been saved.</source>
            <translation>用户名已保存。</translation>
        </message>
        <message>
            <source>Your password has been changed. Your logins on other terminals have ended.</source>
            <translation>密码已修改。您在其他终端上的登录已全部退出。</translation>
        </message>
        <message>
            <source>The number has been added.</source>
            <translation>手机号码已添加。</translation>
        </message>
        <message>
            <source>The number has been removed.</source>
            <translation>手机号码已删除。</translation>
        </message>
        <message>
            <source>The default number has been changed.</source>
            <translation>默认手机号码已更改。</translation>
        </message>
    </context>
    <context>
        <name>AccountNotices</name>
        <message>
            <source>{count} earlier notice(s) are in the account center under History.</source>
            <translation>另有 {count} 条较早的提醒，可在账户中心【历史管理信息】中查看。</translation>
        </message>
        <message>
            <source>On {when} {by} added you as {role} of {enterprise}. Confirm or refuse it in the account center: Enterprise authorizations &gt; Pending authorizations.</source>
            <translation>{by}已于 {when} 添加您为 {enterprise} 的{role}。请在账户中心【企业授权管理】—【待确认授权】中确认或拒绝。</translation>
        </message>
        <message>
            <source>On {when} {enterprise} withdrew adding you as {role}; nothing is left to confirm.</source>
            <translation>{enterprise} 已于 {when} 撤回添加您为{role}，无需再确认。</translation>
        </message>
        <message>
            <source>On {when} your relation with {enterprise} as {role} was deleted by {by}. If this is wrong, ask the enterprise or the tax hall.</source>
            <translation>您与 {enterprise} 的{role}关联已于 {when} 被{by}删除。如有误，请联系该企业或到办税服务厅办理。</translation>
        </message>
        <message>
            <source>On {when} {enterprise} approved your application as {role}: you can now log in through Enterprise business for it.</source>
            <translation>{enterprise} 已于 {when} 通过您的{role}授权申请，您现在可以通过“企业业务”登录办理。</translation>
        </message>
        <message>
            <source>On {when} {enterprise} declined your application as {role}.</source>
            <translation>{enterprise} 已于 {when} 未通过您的{role}授权申请。</translation>
        </message>
        <message>
            <source>On {when} {subject} applied to be {role} of {enterprise}. Approve or decline it under Manage people when you act for the enterprise.</source>
            <translation>{subject} 已于 {when} 申请成为 {enterprise} 的{role}。请以企业身份登录后在【人员权限管理】中审核。</translation>
        </message>
        <message>
            <source>On {when} {subject} withdrew the application to be {role} of {enterprise}.</source>
            <translation>{subject} 已于 {when} 撤回成为 {enterprise} {role}的申请。</translation>
        </message>
        <message>
            <source>On {when} {subject} confirmed being {role} of {enterprise}.</source>
            <translation>{subject} 已于 {when} 确认成为 {enterprise} 的{role}。</translation>
        </message>
        <message>
            <source>On {when} {subject} refused being {role} of {enterprise}.</source>
            <translation>{subject} 已于 {when} 拒绝成为 {enterprise} 的{role}。</translation>
        </message>
        <message>
            <source>On {when} {subject} removed {enterprise} from their authorized enterprises and is no longer its {role}.</source>
            <translation>{subject} 已于 {when} 删除了与 {enterprise} 的关联，不再是该企业的{role}。</translation>
        </message>
        <message>
            <source>the tax hall</source>
            <translation>办税服务厅</translation>
        </message>
        <message>
            <source>Your phone number {phone} was verified by another account on {when} and has been removed from your account. If it is still yours, add it again in the account center.</source>
            <translation>您的手机号码 {phone} 已于 {when} 被其他账户验证绑定，已从您的账户中解除。如该号码仍为您本人使用，请在账户中心重新添加。</translation>
        </message>
        <message>
            <source>On {when} someone registered with a document number equal to your username {username}, so that username was released: a document number always logs its holder in. Set a new username in the account center; it does not count as this year's change.</source>
            <translation>{when}，有人以与您的用户名 {username} 相同的证件号码完成了注册，该用户名已被释放（证件号码始终登录其持有人）。请在账户中心重新设置用户名，本次设置不计入每年一次的修改。</translation>
        </message>
        <message>
            <source>On {when} a face photo collected for you at the tax hall differed from the one on file. It takes effect only after a second staff member's review. If you did not have your photo taken at the hall, tell the hall staff.</source>
            <translation>{when}，办税服务厅为您采集的人像与原有人像不一致，须经另一位工作人员复核后才生效。如您没有在办税服务厅采集过人像，请告知大厅工作人员。</translation>
        </message>
        <message>
            <source>The face photo collected for you at the tax hall was approved by a second staff member on {when} and is now on file.</source>
            <translation>办税服务厅为您采集的人像已于 {when} 经另一位工作人员复核通过，现已生效。</translation>
        </message>
        <message>
            <source>The face photo collected for you at the tax hall was refused by a second staff member on {when}; the one on file stays.</source>
            <translation>办税服务厅为您采集的人像已于 {when} 经另一位工作人员复核未通过，原有人像继续有效。</translation>
        </message>
    </context>
    <context>
        <name>AccountOverviewScreen</name>
        <message>
            <source>Raise to level 4 (face check)</source>
            <translation>提升至四级实名（刷脸）</translation>
        </message>
        <message>
            <source>Account center</source>
            <translation>账户中心</translation>
        </message>
        <message>
            <source>Here you see your real-name level and what it allows, and manage your phone numbers, username and password. Changes to phone numbers are confirmed by an SMS code. History lists what happened to your account.</source>
            <translation>此处可查看您的实名等级及可办理的业务，并管理手机号码、用户名和密码。手机号码的变更需短信验证码确认。“历史管理信息”列出账户的操作记录。</translation>
        </message>
        <message>
            <source>ID number: {number}</source>
            <translation>证件号码：{number}</translation>
        </message>
        <message>
            <source>No phone number on the account.</source>
            <translation>账户中没有手机号码。</translation>
        </message>
        <message>
            <source>Default phone: {phone} ({count} of {limit} numbers)</source>
            <translation>默认手机号码：{phone}（已绑定 {count} 个，最多 {limit} 个）</translation>
        </message>
        <message>
            <source>Username: {name}</source>
            <translation>用户名：{name}</translation>
        </message>
        <message>
            <source>Username: not set</source>
            <translation>用户名：未设置</translation>
        </message>
        <message>
            <source>Phone numbers</source>
            <translation>手机号码管理</translation>
        </message>
        <message>
            <source>Username</source>
            <translation>用户名</translation>
        </message>
        <message>
            <source>Change password</source>
            <translation>修改密码</translation>
        </message>
        <message>
            <source>History</source>
            <translation>历史管理信息</translation>
        </message>
        <message>
            <source>Deregister account</source>
            <translation>账户注销</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>完成</translation>
        </message>
    </context>
    <context>
        <name>AccountPasswordScreen</name>
        <message>
            <source>Change password</source>
            <translation>修改密码</translation>
        </message>
        <message>
            <source>Enter your current password, then the new one twice, and tap Save new password. Tap a field to open the on-screen keyboard.</source>
            <translation>请输入当前密码，再输入两次新密码，然后点击“保存新密码”。点击输入框可打开屏幕键盘。</translation>
        </message>
        <message>
            <source>After the change, your other logins (on other terminals) end; this one continues.</source>
            <translation>修改后，您在其他终端上的登录将全部退出；本次登录继续有效。</translation>
        </message>
    </context>
    <context>
        <name>AgentClientScreen</name>
        <message>
            <source>Agent services · choose the client</source>
            <translation>代理业务 · 选择委托企业</translation>
        </message>
        <message>
            <source>These are the enterprises whose agreements with your agency name you (R-AG-1). Tap the one you act for now.</source>
            <translation>以下是与您所在机构签订涉税专业服务协议、并指定由您办理的企业（R-AG-1）。请点选本次代理的企业。</translation>
        </message>
        <message>
            <source>Agency: {agency}. Which client do you act for?</source>
            <translation>所在机构：{agency}。本次为哪家企业办理？</translation>
        </message>
    </context>
    <context>
        <name>AgentHomeScreen</name>
        <message>
            <source>Agent services</source>
            <translation>代理业务</translation>
        </message>
        <message>
            <source>You are logged in as an agent. Removing the certificate medium logs you out at once.</source>
            <translation>您已以代理人身份登录。拔出证书介质将立即退出登录。</translation>
        </message>
        <message>
            <source>Log out</source>
            <translation>退出登录</translation>
        </message>
        <message>
            <source>Logged in: {name}, agent of {agency}</source>
            <translation>已登录：{name}，{agency} 代理人</translation>
        </message>
        <message>
            <source>Acting for {client} ({uscc})</source>
            <translation>正在为 {client}（{uscc}）办理</translation>
        </message>
    </context>
    <context>
        <name>AgentInsertScreen</name>
        <message>
            <source>Agent services · certificate login</source>
            <translation>代理业务 · 证书登录</translation>
        </message>
    </context>
    <context>
        <name>AgentJourney</name>
        <message>
            <source>Reading the medium…</source>
            <translation>正在读取介质…</translation>
        </message>
        <message>
            <source>Signing the challenge with your certificate…</source>
            <translation>正在用您的证书签名验证…</translation>
        </message>
        <message>
            <source>Sending the code…</source>
            <translation>正在发送验证码…</translation>
        </message>
        <message>
            <source>Checking the code…</source>
            <translation>正在核对验证码…</translation>
        </message>
        <message>
            <source>Logging in…</source>
            <translation>正在登录…</translation>
        </message>
        <message>
            <source>Logging out…</source>
            <translation>正在退出…</translation>
        </message>
        <message>
            <source>This medium still has the factory password 12345678: change it first under Tax digital certificate on the home screen, then log in.</source>
            <translation>此介质仍在使用默认证书口令12345678：请先在首页“税务数字证书”中修改证书口令，再登录。</translation>
        </message>
    </context>
    <context>
        <name>AgentPasswordScreen</name>
        <message>
            <source>{min}-{max} letters or digits</source>
            <translation>{min}至{max}位字母或数字</translation>
        </message>
        <message>
            <source>Agent services · certificate login</source>
            <translation>代理业务 · 证书登录</translation>
        </message>
        <message>
            <source>Enter the certificate password of the medium you inserted. The terminal signs a one-time challenge with it; then an SMS code goes to the agent's phone.</source>
            <translation>请输入所插介质的证书口令。终端将用证书对一次性挑战码签名，随后向代理人手机发送短信验证码。</translation>
        </message>
        <message>
            <source>Certificate of {holder}</source>
            <translation>{holder} 的证书</translation>
        </message>
        <message>
            <source>Certificate password</source>
            <translation>证书口令</translation>
        </message>
        <message>
            <source>Continue</source>
            <translation>继续</translation>
        </message>
        <message>
            <source>Careful: {left} tries left before the medium is blocked.</source>
            <translation>请注意：还剩 {left} 次尝试机会，输错次数用完介质将被锁定。</translation>
        </message>
        <message>
            <source>{left} tries left for the certificate password.</source>
            <translation>证书口令还可尝试 {left} 次。</translation>
        </message>
    </context>
    <context>
        <name>AgentSmsScreen</name>
        <message>
            <source>Agent services · SMS code</source>
            <translation>代理业务 · 短信验证码</translation>
        </message>
    </context>
    <context>
        <name>BusyIndicator</name>
        <message>
            <source>Please wait…</source>
            <translation>请稍候…</translation>
        </message>
    </context>
    <context>
        <name>CameraControls</name>
        <message>
            <source>Good face</source>
            <translation>正常人脸</translation>
        </message>
        <message>
            <source>No face</source>
            <translation>无人脸</translation>
        </message>
        <message>
            <source>Two faces</source>
            <translation>两张人脸</translation>
        </message>
        <message>
            <source>Too dark</source>
            <translation>光线太暗</translation>
        </message>
        <message>
            <source>Blurred</source>
            <translation>画面模糊</translation>
        </message>
        <message>
            <source>Too far</source>
            <translation>距离太远</translation>
        </message>
        <message>
            <source>Off centre</source>
            <translation>偏离中央</translation>
        </message>
        <message>
            <source>Turns left</source>
            <translation>向左转头</translation>
        </message>
        <message>
            <source>Turns right</source>
            <translation>向右转头</translation>
        </message>
        <message>
            <source>Comes closer</source>
            <translation>靠近镜头</translation>
        </message>
        <message>
            <source>Still photo</source>
            <translation>静态照片</translation>
        </message>
        <message>
            <source>Lost at frame 30</source>
            <translation>第 30 帧断开</translation>
        </message>
        <message>
            <source>Mock camera</source>
            <translation>模拟摄像头</translation>
        </message>
        <message>
            <source>Lose after {count} frames</source>
            <translation>{count} 帧后断开</translation>
        </message>
        <message>
            <source>Unplug</source>
            <translation>拔出</translation>
        </message>
        <message>
            <source>Replug</source>
            <translation>重新插入</translation>
        </message>
        <message>
            <source>Slow (5 fps)</source>
            <translation>慢速（每秒 5 帧）</translation>
        </message>
    </context>
    <context>
        <name>CameraView</name>
        <message>
            <source>Please face the camera</source>
            <translation>请正对摄像头</translation>
        </message>
        <message>
            <source>Only one person in view, please</source>
            <translation>请保持一人</translation>
        </message>
        <message>
            <source>It is too dark</source>
            <translation>光线太暗</translation>
        </message>
        <message>
            <source>It is too bright</source>
            <translation>光线太亮</translation>
        </message>
        <message>
            <source>Please come a little closer</source>
            <translation>请靠近一点</translation>
        </message>
        <message>
            <source>Please move back a little</source>
            <translation>请离远一点</translation>
        </message>
        <message>
            <source>Please move your face to the centre</source>
            <translation>请将面部移到画面中央</translation>
        </message>
        <message>
            <source>Please look straight at the camera</source>
            <translation>请正视摄像头</translation>
        </message>
        <message>
            <source>Please hold still</source>
            <translation>请保持不动</translation>
        </message>
        <message>
            <source>Good, please hold it</source>
            <translation>很好，请保持</translation>
        </message>
        <message>
            <source>Please turn your head to the left</source>
            <translation>请向左转头</translation>
        </message>
        <message>
            <source>Please turn your head to the right</source>
            <translation>请向右转头</translation>
        </message>
        <message>
            <source>Please come closer to the camera</source>
            <translation>请靠近摄像头</translation>
        </message>
        <message>
            <source>All {total} actions done</source>
            <translation>{total} 项动作全部完成</translation>
        </message>
        <message>
            <source>Action {current} of {total}</source>
            <translation>第 {current} 项，共 {total} 项</translation>
        </message>
        <message>
            <source>{seconds} s left</source>
            <translation>剩余 {seconds} 秒</translation>
        </message>
    </context>
    <context>
        <name>CertificateDetailsScreen</name>
        <message>
            <source>Tax digital certificate</source>
            <translation>税务数字证书</translation>
        </message>
        <message>
            <source>This is the certificate on your medium. To change the certificate password, tap Change certificate password; the medium must stay inserted. Removing it ends the session.</source>
            <translation>这是您介质中的证书。如需修改证书口令，请点“修改证书口令”，操作期间请勿拔出介质；拔出介质即结束本次操作。</translation>
        </message>
        <message>
            <source>Holder</source>
            <translation>证书持有人</translation>
        </message>
        <message>
            <source>Taxpayer id / USCC</source>
            <translation>纳税人识别号 / 统一社会信用代码</translation>
        </message>
        <message>
            <source>Issued by</source>
            <translation>颁发者</translation>
        </message>
        <message>
            <source>Serial number</source>
            <translation>证书序列号</translation>
        </message>
        <message>
            <source>Valid</source>
            <translation>有效期</translation>
        </message>
        <message>
            <source>Expiry</source>
            <translation>到期</translation>
        </message>
        <message>
            <source>Medium</source>
            <translation>介质</translation>
        </message>
        <message>
            <source>Password tries left</source>
            <translation>证书口令剩余尝试次数</translation>
        </message>
        <message>
            <source>Change certificate password</source>
            <translation>修改证书口令</translation>
        </message>
        <message>
            <source>(not in the certificate)</source>
            <translation>（证书中未包含）</translation>
        </message>
        <message>
            <source>{start} to {end}</source>
            <translation>{start} 至 {end}</translation>
        </message>
        <message>
            <source>Expired {days} day(s) ago: renew it at the hall</source>
            <translation>已过期 {days} 天，请到办税服务厅更新证书</translation>
        </message>
        <message>
            <source>Not valid yet</source>
            <translation>尚未生效</translation>
        </message>
        <message>
            <source>{days} day(s) left</source>
            <translation>还有 {days} 天到期</translation>
        </message>
        <message>
            <source>Tax UKey (税务UKey)</source>
            <translation>税务UKey</translation>
        </message>
        <message>
            <source>{left} of {total}</source>
            <translation>{left} 次（共 {total} 次）</translation>
        </message>
        <message>
            <source>This medium still has the factory password 12345678. Change it now: anyone who finds the medium could use it.</source>
            <translation>此介质仍在使用默认证书口令12345678，请立即修改：他人拿到介质即可使用。</translation>
        </message>
        <message>
            <source>Administrator PIN (hall staff)</source>
            <translation>管理员口令（大厅工作人员填写）</translation>
        </message>
        <message>
            <source>Unblock the medium</source>
            <translation>解锁介质</translation>
        </message>
    </context>
    <context>
        <name>CertificateInsertScreen</name>
        <message>
            <source>Tax digital certificate</source>
            <translation>税务数字证书</translation>
        </message>
        <message>
            <source>Insert your Tax UKey, 金税盘 or 税控盘 into the reader. The certificate is read by itself; tap Read the medium if it was already in. Removing the medium ends the session at once.</source>
            <translation>请将税务UKey、金税盘或税控盘插入读卡设备，证书会自动读取；如介质已插入，请点“读取介质”。拔出介质即立即结束本次操作。</translation>
        </message>
        <message>
            <source>Please insert your certificate medium</source>
            <translation>请插入证书介质</translation>
        </message>
        <message>
            <source>Tax UKey (税务UKey), 金税盘 or 税控盘</source>
            <translation>税务UKey、金税盘或税控盘</translation>
        </message>
        <message>
            <source>Several readers: which one holds your medium?</source>
            <translation>有多个读卡设备：您的介质插在哪一个？</translation>
        </message>
        <message>
            <source>Read the medium</source>
            <translation>读取介质</translation>
        </message>
    </context>
    <context>
        <name>CertificateJourney</name>
        <message>
            <source>The certificate password is changed.</source>
            <translation>证书口令已修改。</translation>
        </message>
        <message>
            <source>Reading the medium…</source>
            <translation>正在读取介质…</translation>
        </message>
        <message>
            <source>Unblocked: the certificate password is 12345678 again. The holder must change it now.</source>
            <translation>已解锁：证书口令已恢复为12345678，请持有人立即修改。</translation>
        </message>
    </context>
    <context>
        <name>CertificatePinScreen</name>
        <message>
            <source>The new password: {min} to {max} letters or digits; not a run like 12345678 or abcdefgh, not one character or group repeated, not the current password.</source>
            <translation>新口令：{min}至{max}位字母或数字；不能是12345678、abcdefgh这样的连续序列，不能是同一字符或同一组字符重复，不能与当前口令相同。</translation>
        </message>
        <message>
            <source>Change the certificate password</source>
            <translation>修改证书口令</translation>
        </message>
        <message>
            <source>Enter the current certificate password, then the new one twice. Keep the medium inserted until the change is confirmed. Tap a field to open the on-screen keyboard.</source>
            <translation>请输入当前证书口令，再输入两次新口令。修改完成前请勿拔出介质。点击输入框可打开屏幕键盘。</translation>
        </message>
        <message>
            <source>Current certificate password</source>
            <translation>当前证书口令</translation>
        </message>
        <message>
            <source>A new medium's password is 12345678</source>
            <translation>新介质的默认口令为12345678</translation>
        </message>
        <message>
            <source>New certificate password</source>
            <translation>新证书口令</translation>
        </message>
        <message>
            <source>New certificate password again</source>
            <translation>再次输入新证书口令</translation>
        </message>
        <message>
            <source>Change password</source>
            <translation>确认修改</translation>
        </message>
        <message>
            <source>Careful: {left} try left before the medium is blocked. If you are not sure of the password, ask the hall staff first.</source>
            <translation>请注意：只剩 {left} 次尝试机会，再输错介质将被锁定。如不确定口令，请先咨询大厅工作人员。</translation>
        </message>
        <message>
            <source>Careful: {left} tries left before the medium is blocked.</source>
            <translation>请注意：还剩 {left} 次尝试机会，输错次数用完介质将被锁定。</translation>
        </message>
        <message>
            <source>{left} tries left for the current password.</source>
            <translation>当前证书口令还可尝试 {left} 次。</translation>
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
            <source>Current password</source>
            <translation>当前密码</translation>
        </message>
        <message>
            <source>The password you log in with now</source>
            <translation>您现在登录使用的密码</translation>
        </message>
        <message>
            <source>Save new password</source>
            <translation>保存新密码</translation>
        </message>
    </context>
    <context>
        <name>CollectionCaptureScreen</name>
        <message>
            <source>Real-name collection</source>
            <translation>实名信息采集</translation>
        </message>
        <message>
            <source>Ask the person to stand in front of the camera, alone, and to follow the instruction under the picture: face the camera, then turn the head or come closer as the arrow shows. The photo is taken automatically.</source>
            <translation>请办理人单独站在摄像头前，按画面下方的提示操作：先正对摄像头，再按箭头转头或靠近。照片会自动拍摄。</translation>
        </message>
        <message>
            <source>Ask the person to look at the camera and follow the instruction under the picture. The photo is taken automatically.</source>
            <translation>请办理人看向摄像头，并按画面下方的提示操作。照片会自动拍摄。</translation>
        </message>
        <message>
            <source>Attempt {current} of {total}</source>
            <translation>第 {current} 次拍摄，共 {total} 次</translation>
        </message>
        <message>
            <source>Cannot capture: record an exception</source>
            <translation>无法采集：转入异常处理</translation>
        </message>
        <message>
            <source>Try again</source>
            <translation>重试</translation>
        </message>
        <message>
            <source>Loading face models…</source>
            <translation>正在加载人脸模型…</translation>
        </message>
        <message>
            <source>{count} attempt(s) left.</source>
            <translation>还可拍摄 {count} 次。</translation>
        </message>
        <message>
            <source>No picture from the camera</source>
            <translation>摄像头没有画面</translation>
        </message>
        <message>
            <source>The camera stopped sending pictures. Check that its cable is plugged in, then tap Try again.</source>
            <translation>摄像头已停止传送画面。请检查数据线是否插好，然后点击“重试”。</translation>
        </message>
        <message>
            <source>It is too dark to see the face. Turn on the light or ask the person to face the light, then tap Try again.</source>
            <translation>光线太暗，看不清面部。请打开灯光或请办理人面向光源，然后点击“重试”。</translation>
        </message>
        <message>
            <source>More than one face is in the picture. Ask the others to step out of view, then tap Try again.</source>
            <translation>画面中有不止一张人脸。请其他人离开画面，然后点击“重试”。</translation>
        </message>
        <message>
            <source>No face is seen. Ask the person to stand in front of the camera, then tap Try again.</source>
            <translation>未看到人脸。请办理人站到摄像头前，然后点击“重试”。</translation>
        </message>
        <message>
            <source>The actions were not completed in time. Show the person the arrow on the picture, then tap Try again.</source>
            <translation>动作未在规定时间内完成。请向办理人指明画面上的箭头，然后点击“重试”。</translation>
        </message>
        <message>
            <source>No photo was good enough. Check the light and that the face is centred, then tap Try again.</source>
            <translation>没有符合质量要求的照片。请检查光线并让面部位于画面中央，然后点击“重试”。</translation>
        </message>
        <message>
            <source>The face models could not be loaded. Record an exception, and report the terminal to the technical staff.</source>
            <translation>人脸模型无法加载。请转入异常处理，并将本终端报告给技术人员。</translation>
        </message>
        <message>
            <source>The picture could not be analysed. Tap Try again; if it happens again, record an exception.</source>
            <translation>画面无法分析。请点击“重试”；如再次出现，请转入异常处理。</translation>
        </message>
    </context>
    <context>
        <name>CollectionDataScreen</name>
        <message>
            <source>Date of birth</source>
            <translation>出生日期</translation>
        </message>
        <message>
            <source>Tap − and + to set the year, month and day as on the document.</source>
            <translation>点击 − 和 + 按证件设置年、月、日。</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Use this date</source>
            <translation>使用此日期</translation>
        </message>
        <message>
            <source>Real-name collection</source>
            <translation>实名信息采集</translation>
        </message>
        <message>
            <source>Copy the data from the document. Use the keypad for digits and X; tap a name field to open the on-screen keyboard (Pinyin for Chinese names, Latin letters for foreign names). Tap the date to change it.</source>
            <translation>请按证件填写信息。数字和 X 用数字键盘输入；点击姓名栏可打开屏幕键盘（中文姓名用拼音，外文姓名用拉丁字母）。点击日期可修改。</translation>
        </message>
        <message>
            <source>Document: {name}</source>
            <translation>证件：{name}</translation>
        </message>
        <message>
            <source>Document number</source>
            <translation>证件号码</translation>
        </message>
        <message>
            <source>Name (Chinese characters)</source>
            <translation>姓名（汉字）</translation>
        </message>
        <message>
            <source>Tap to type Pinyin, then choose the characters</source>
            <translation>点击后输入拼音，再选择汉字</translation>
        </message>
        <message>
            <source>Name (Latin letters, as in the document)</source>
            <translation>外文姓名（按证件上的拉丁字母）</translation>
        </message>
        <message>
            <source>Surname, then given names, e.g. SMITH JOHN</source>
            <translation>先姓后名，如 SMITH JOHN</translation>
        </message>
        <message>
            <source>Nationality (3-letter code)</source>
            <translation>国籍（三位字母代码）</translation>
        </message>
        <message>
            <source>As in the document, e.g. USA, GBR, DEU</source>
            <translation>按证件填写，如 USA、GBR、DEU</translation>
        </message>
        <message>
            <source>Sex</source>
            <translation>性别</translation>
        </message>
        <message>
            <source>Male</source>
            <translation>男</translation>
        </message>
        <message>
            <source>Female</source>
            <translation>女</translation>
        </message>
        <message>
            <source>Next: face photo</source>
            <translation>下一步：拍摄人像</translation>
        </message>
        <message>
            <source>18 characters, the last may be X</source>
            <translation>18 位，最后一位可能是 X</translation>
        </message>
        <message>
            <source>18 characters, starting 830000</source>
            <translation>18 位，以 830000 开头</translation>
        </message>
        <message>
            <source>18 characters, starting 810000 or 820000</source>
            <translation>18 位，以 810000 或 820000 开头</translation>
        </message>
        <message>
            <source>H or M, then 8 or 10 digits</source>
            <translation>H 或 M 加 8 位或 10 位数字</translation>
        </message>
        <message>
            <source>8 or 10 digits</source>
            <translation>8 位或 10 位数字</translation>
        </message>
        <message>
            <source>9 characters, starting E or G</source>
            <translation>9 位，以 E 或 G 开头</translation>
        </message>
        <message>
            <source>15 or 18 characters</source>
            <translation>15 位或 18 位</translation>
        </message>
        <message>
            <source>5-30 letters or digits</source>
            <translation>5-30 位字母或数字</translation>
        </message>
        <message>
            <source>Choose…</source>
            <translation>请选择…</translation>
        </message>
    </context>
    <context>
        <name>CollectionExceptionScreen</name>
        <message>
            <source>Real-name collection · exception</source>
            <translation>实名信息采集 · 异常处理</translation>
        </message>
        <message>
            <source>No usable face photo could be taken. Write down why (for example: camera broken, the person cannot turn the head), then tap Save with exception.</source>
            <translation>未能拍到可用的人像照片。请写明原因（例如：摄像头故障、办理人无法转头），然后点击“按异常保存”。</translation>
        </message>
        <message>
            <source>No usable face photo could be taken. The document data will be saved with your note; the person may need to come back.</source>
            <translation>未能拍到可用的人像照片。证件信息将连同您的说明一起保存；办理人可能需要再次前来。</translation>
        </message>
        <message>
            <source>Reason (required)</source>
            <translation>原因（必填）</translation>
        </message>
        <message>
            <source>Tap the field to open the on-screen keyboard</source>
            <translation>点击输入框打开屏幕键盘</translation>
        </message>
        <message>
            <source>Save with exception</source>
            <translation>按异常保存</translation>
        </message>
    </context>
    <context>
        <name>CollectionReviewScreen</name>
        <message>
            <source>Real-name collection</source>
            <translation>实名信息采集</translation>
        </message>
        <message>
            <source>Check that the photo shows the person in front of you and that every measure passed. Tap Save to keep the record on this terminal, or Retake.</source>
            <translation>请核对照片是否为您面前的办理人，并确认各项指标均已通过。点击“确认保存”将记录保存在本终端，或点击“重拍”。</translation>
        </message>
        <message>
            <source>Measure</source>
            <translation>指标</translation>
        </message>
        <message>
            <source>Value</source>
            <translation>数值</translation>
        </message>
        <message>
            <source>Threshold</source>
            <translation>阈值</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>结果</translation>
        </message>
        <message>
            <source>Retake ({count} left)</source>
            <translation>重拍（剩余 {count} 次）</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>确认保存</translation>
        </message>
        <message>
            <source>✓ Passed</source>
            <translation>✓ 通过</translation>
        </message>
        <message>
            <source>✗ Failed</source>
            <translation>✗ 未通过</translation>
        </message>
        <message>
            <source>Liveness: ✓ passed ({steps})</source>
            <translation>活体检测：✓ 通过（{steps}）</translation>
        </message>
        <message>
            <source>Liveness: ✗ not passed</source>
            <translation>活体检测：✗ 未通过</translation>
        </message>
        <message>
            <source>Document photo: none given, no comparison.</source>
            <translation>证件照片：未提供，未比对。</translation>
        </message>
        <message>
            <source>Document photo: ✓ same person (distance {distance} ≤ {threshold})</source>
            <translation>证件照片：✓ 同一人（距离 {distance} ≤ {threshold}）</translation>
        </message>
        <message>
            <source>Document photo: ✗ may be a different person (distance {distance} &gt; {threshold})</source>
            <translation>证件照片：✗ 可能不是同一人（距离 {distance} &gt; {threshold}）</translation>
        </message>
        <message>
            <source>Faces in the picture</source>
            <translation>画面中人脸数</translation>
        </message>
        <message>
            <source>Distance between the eyes (px)</source>
            <translation>两眼间距（像素）</translation>
        </message>
        <message>
            <source>Head turn (degrees)</source>
            <translation>头部左右转角（度）</translation>
        </message>
        <message>
            <source>Head tilt (degrees)</source>
            <translation>头部倾斜（度）</translation>
        </message>
        <message>
            <source>Brightness</source>
            <translation>亮度</translation>
        </message>
        <message>
            <source>Over/under-exposed share</source>
            <translation>过曝/欠曝比例</translation>
        </message>
        <message>
            <source>Sharpness</source>
            <translation>清晰度</translation>
        </message>
        <message>
            <source>Distance from the centre</source>
            <translation>偏离中心程度</translation>
        </message>
        <message>
            <source>Face fully in the picture</source>
            <translation>面部完整在画面内</translation>
        </message>
        <message>
            <source>turn left</source>
            <translation>向左转头</translation>
        </message>
        <message>
            <source>turn right</source>
            <translation>向右转头</translation>
        </message>
        <message>
            <source>come closer</source>
            <translation>靠近</translation>
        </message>
    </context>
    <context>
        <name>CollectionSavedScreen</name>
        <message>
            <source>Real-name collection</source>
            <translation>实名信息采集</translation>
        </message>
        <message>
            <source>Saved with the exception noted.</source>
            <translation>已按异常保存。</translation>
        </message>
        <message>
            <source>The record is saved.</source>
            <translation>记录已保存。</translation>
        </message>
        <message>
            <source>It will be sent to the account service shortly.</source>
            <translation>记录稍后将发送至账户服务。</translation>
        </message>
        <message>
            <source>The terminal is offline: the record is kept here and sent later.</source>
            <translation>本终端处于离线状态：记录保存在本终端，稍后发送。</translation>
        </message>
        <message>
            <source>Record number: {record}</source>
            <translation>记录编号：{record}</translation>
        </message>
        <message>
            <source>{count} record(s) waiting on this terminal.</source>
            <translation>本终端有 {count} 条记录待同步。</translation>
        </message>
        <message>
            <source>Next person</source>
            <translation>采集下一位</translation>
        </message>
    </context>
    <context>
        <name>CollectionTypeScreen</name>
        <message>
            <source>Real-name collection</source>
            <translation>实名信息采集</translation>
        </message>
        <message>
            <source>Tap the type of the document the person shows you. Foreign passports, work permits and other documents must be collected here before the person can register.</source>
            <translation>请点击办理人出示的证件类型。外国护照、外国人工作许可证和其他个人证件须先在大厅采集，才能注册。</translation>
        </message>
    </context>
    <context>
        <name>CollectionValidators</name>
        <message>
            <source>The document number format is correct.</source>
            <translation>证件号码格式正确。</translation>
        </message>
        <message>
            <source>Enter the name in Chinese characters as on the document (type Pinyin, then choose the characters).</source>
            <translation>请按证件用汉字填写姓名（输入拼音后选择汉字）。</translation>
        </message>
        <message>
            <source>A name has at least 2 characters.</source>
            <translation>姓名至少 2 个字。</translation>
        </message>
        <message>
            <source>Name entered.</source>
            <translation>姓名已填写。</translation>
        </message>
        <message>
            <source>Enter the name in Latin letters as printed in the document (letters, spaces, hyphens and apostrophes).</source>
            <translation>请按证件上的拉丁字母填写姓名（字母、空格、连字符和撇号）。</translation>
        </message>
        <message>
            <source>A name has at least 2 letters.</source>
            <translation>姓名至少 2 个字母。</translation>
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
        <name>ConfirmScreen</name>
        <message>
            <source>Account center · confirm by SMS</source>
            <translation>账户中心 · 短信验证</translation>
        </message>
        <message>
            <source>A 6-digit code has been sent to the number shown. Enter it with the keypad and tap Confirm. Tap Back to cancel; nothing is changed then.</source>
            <translation>6 位验证码已发送到屏幕上显示的号码。请用数字键盘输入后点击“确认”。点击“返回”可取消，不会做任何更改。</translation>
        </message>
        <message>
            <source>Deregister now</source>
            <translation>确认注销</translation>
        </message>
        <message>
            <source>Confirm</source>
            <translation>确认</translation>
        </message>
        <message>
            <source>Adding a number: the code goes to the new number, to prove it is yours. Do not bind your account to another person's phone number.</source>
            <translation>添加号码：验证码发送到新号码，以确认该号码归您使用。为了自身账户安全，请不要将自己的账户绑定他人手机号。</translation>
        </message>
        <message>
            <source>Removing a number: the code goes to your default number.</source>
            <translation>删除号码：验证码发送到您的默认手机号码。</translation>
        </message>
        <message>
            <source>Making a number the default: the code goes to that number, which must receive SMS codes for your logins.</source>
            <translation>设为默认：验证码发送到该号码；请您在登录时，选择能够收取短信验证码的手机号进行登录。</translation>
        </message>
        <message>
            <source>Deregistering: the code goes to your default number. After it you can no longer log in with this account.</source>
            <translation>账户注销：验证码发送到您的默认手机号码。注销后将无法再使用本账户登录。</translation>
        </message>
        <message>
            <source>The code was sent to {phone}.</source>
            <translation>验证码已发送至 {phone}。</translation>
        </message>
    </context>
    <context>
        <name>HallAddScreen</name>
        <message>
            <source>Tap the type of the person's document, enter its number and the name as printed on it, choose tax handler or invoicer, and tap Add. The person must have registered first. They confirm the authorization at their next login; the enterprise cannot withdraw an addition made at the hall in the account center.</source>
            <translation>点击办税人员的证件类型，输入证件号码和证件上的姓名，选择办税员或开票员，然后点击“添加”。对方须已完成注册。对方在下次登录时确认授权；在大厅添加的，企业不能在账户中心撤回。</translation>
        </message>
        <message>
            <source>Check the person's document first. They confirm at their next login; an addition made at the hall cannot be withdrawn in the account center. It is recorded with your staff number.</source>
            <translation>请先核验对方的证件。对方在下次登录时确认；在大厅添加的，不能在账户中心撤回。此操作将与您的工号一起记录。</translation>
        </message>
        <message>
            <source>Name (Latin letters, as in the document)</source>
            <translation>姓名（拉丁字母，与证件一致）</translation>
        </message>
        <message>
            <source>For example ZHANG SAN or SMITH JOHN</source>
            <translation>例如 ZHANG SAN 或 SMITH JOHN</translation>
        </message>
        <message>
            <source>Name (as on the document)</source>
            <translation>姓名（与证件一致）</translation>
        </message>
        <message>
            <source>Chinese characters: type Pinyin, then choose</source>
            <translation>汉字：输入拼音后选字</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>身份</translation>
        </message>
        <message>
            <source>Add</source>
            <translation>添加</translation>
        </message>
    </context>
    <context>
        <name>HallEndScreen</name>
        <message>
            <source>Ending a relation cannot be undone here: to restore it, add the person again and they confirm again. Tap Back to keep the relation.</source>
            <translation>解除关联后不能在此恢复：如需恢复，须重新添加并由本人再次确认。如不解除，请点击“返回”。</translation>
        </message>
        <message>
            <source>End this relation?</source>
            <translation>确定解除这条关联关系吗？</translation>
        </message>
        <message>
            <source>End the relation</source>
            <translation>解除关联</translation>
        </message>
        <message>
            <source>the person</source>
            <translation>该人员</translation>
        </message>
        <message>
            <source>{name} will no longer act for {enterprise} as {role}: any login of theirs in this role ends now.</source>
            <translation>{name}将不再以{role}身份为{enterprise}办理业务：其以该身份的登录将立即结束。</translation>
        </message>
        <message>
            <source>The request is cancelled: {name} will not become {role} of {enterprise} and can no longer confirm it.</source>
            <translation>该授权请求将被取消：{name}不会成为{enterprise}的{role}，也不能再确认该授权。</translation>
        </message>
        <message>
            <source>They are told at their next login; this is recorded with your staff number. To restore it, the person must be added and confirm again.</source>
            <translation>对方将在下次登录时收到通知；此操作将与您的工号一起记录。如需恢复，须重新添加并由本人再次确认。</translation>
        </message>
        <message>
            <source>⚠ This role comes from the enterprise's registration data. End it only after checking the enterprise's documents.</source>
            <translation>⚠ 该身份来自企业的登记信息。请在核验企业相关材料后再解除。</translation>
        </message>
    </context>
    <context>
        <name>HallPeopleScreen</name>
        <message>
            <source>Every relation of the enterprise that is in force or waiting: the person (masked), the role, whether it is authorized or still to be confirmed, and where it came from. Add a tax handler adds a person who has registered; they confirm it at their next login, and the account center cannot withdraw an addition made here. End relation ends any of them after you confirm. Back looks up another enterprise.</source>
            <translation>这里列出该企业有效或待处理的全部关联关系：人员（已脱敏）、身份、已授权还是待确认，以及关联来源。“添加办税人员”可添加已注册的人员，对方在下次登录时确认，在此添加的不能在账户中心撤回。“解除关联”在您确认后解除任一关联。点击“返回”可查询其他企业。</translation>
        </message>
        <message>
            <source>Adding and ending are recorded with your staff number, and the people concerned are told at their next login.</source>
            <translation>添加和解除操作均与您的工号一起记录，相关人员将在下次登录时收到通知。</translation>
        </message>
        <message>
            <source>No person is related to this enterprise.</source>
            <translation>该企业暂无关联人员。</translation>
        </message>
        <message>
            <source>Add a tax handler</source>
            <translation>添加办税人员</translation>
        </message>
    </context>
    <context>
        <name>HallRelationTexts</name>
        <message>
            <source>Staff · enterprise relations</source>
            <translation>工作人员 · 人企关联</translation>
        </message>
        <message>
            <source>(not registered)</source>
            <translation>（未注册）</translation>
        </message>
        <message>
            <source>Authorized since {when}</source>
            <translation>自 {when} 起授权</translation>
        </message>
        <message>
            <source>Requested {when}</source>
            <translation>{when} 发起</translation>
        </message>
        <message>
            <source>End relation</source>
            <translation>解除关联</translation>
        </message>
    </context>
    <context>
        <name>HallRelationsJourney</name>
        <message>
            <source>Enterprise relations at the hall need an online login: log in again as staff once the network is back.</source>
            <translation>在大厅办理人企关联需要联网登录：请在网络恢复后重新登录工作人员账号。</translation>
        </message>
        <message>
            <source>Looking up the enterprise…</source>
            <translation>正在查询企业…</translation>
        </message>
        <message>
            <source>Adding the person…</source>
            <translation>正在添加…</translation>
        </message>
        <message>
            <source>Ending the relation…</source>
            <translation>正在解除关联…</translation>
        </message>
        <message>
            <source>Added. The person confirms it at their next login.</source>
            <translation>已添加。对方将在下次登录时确认。</translation>
        </message>
        <message>
            <source>{name} is now {role}: their application was approved.</source>
            <translation>{name}已成为{role}：其授权申请已通过。</translation>
        </message>
        <message>
            <source>{name} was added as {role}, waiting for their confirmation at their next login.</source>
            <translation>已添加{name}为{role}，待其下次登录时确认。</translation>
        </message>
        <message>
            <source>The relation was ended.</source>
            <translation>已解除关联。</translation>
        </message>
        <message>
            <source>The relation was ended: {name}, {role}.</source>
            <translation>已解除关联：{name}，{role}。</translation>
        </message>
    </context>
    <context>
        <name>HallSearchScreen</name>
        <message>
            <source>Enter the enterprise's unified social credit code (18 characters) or its taxpayer id from the business licence, and tap Look up. You then see its people and can add a tax handler or an invoicer, or end a relation. Each action is recorded with your staff number.</source>
            <translation>输入营业执照上的统一社会信用代码（18 位）或纳税人识别号，点击“查询”。随后可查看该企业的关联人员，添加办税员或开票员，或解除关联。每项操作都与您的工号一起记录。</translation>
        </message>
        <message>
            <source>Enterprise code</source>
            <translation>企业代码</translation>
        </message>
        <message>
            <source>Unified social credit code (18 characters) or taxpayer id (15-20)</source>
            <translation>统一社会信用代码（18 位）或纳税人识别号（15-20 位）</translation>
        </message>
        <message>
            <source>Check the enterprise's documents and the identity of the person in front of you before you change a relation. Names and document numbers are shown masked.</source>
            <translation>变更关联关系前，请核验企业材料和办理人的身份。姓名和证件号码均脱敏显示。</translation>
        </message>
        <message>
            <source>Look up</source>
            <translation>查询</translation>
        </message>
    </context>
    <context>
        <name>NoRelationScreen</name>
        <message>
            <source>The tax bureau has no relation between you and this enterprise. Ask its legal representative or finance head to add you, or log in through Natural person and tap Sync data under Enterprise authorizations.</source>
            <translation>税务机关没有您与该企业的关联关系信息。请联系该企业的法定代表人或财务负责人添加您，或通过“自然人业务”登录，在“企业授权管理”中点击“同步数据”。</translation>
        </message>
        <message>
            <source>Natural person login</source>
            <translation>自然人业务登录</translation>
        </message>
        <message>
            <source>Back to the login</source>
            <translation>返回登录</translation>
        </message>
    </context>
    <context>
        <name>CredentialsScreen</name>
        <message>
            <source>Log in with Tax UKey</source>
            <translation>税务数字证书登录</translation>
        </message>
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
            <source>Log in by QR code</source>
            <translation>扫码登录</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>下一步</translation>
        </message>
        <message>
            <source>Enter the enterprise's unified social credit code (18 characters) or its taxpayer id with the keypad of digits and letters, then your own ID number, phone number or username and your personal password, and tap Next. You log in as yourself, for the enterprise you are related to (legal representative, finance head, tax handler...). A second check follows.</source>
            <translation>请用右侧的数字字母键盘输入企业的统一社会信用代码（18 位）或纳税人识别号，再输入您本人的证件号码、手机号码或用户名和个人用户密码，然后点击“下一步”。您以本人身份登录，为与您有关联关系的企业办理业务（法定代表人、财务负责人、办税员等）。随后还需进行第二步验证。</translation>
        </message>
        <message>
            <source>Enterprise code (unified social credit code / taxpayer id)</source>
            <translation>企业代码（统一社会信用代码 / 纳税人识别号）</translation>
        </message>
        <message>
            <source>18 characters, or 15 to 20 for a taxpayer id: digits and capital letters</source>
            <translation>18 位，纳税人识别号为 15 至 20 位：数字和大写字母</translation>
        </message>
    </context>
    <context>
        <name>DatePicker</name>
        <message>
            <source>Year</source>
            <translation>年</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>月</translation>
        </message>
        <message>
            <source>Day</source>
            <translation>日</translation>
        </message>
    </context>
    <context>
        <name>DeregisterScreen</name>
        <message>
            <source>Deregistering does not remove your links to enterprises; to end one, use the function for removing tax staff (删除办税人员).</source>
            <translation>如需解除与企业的关联关系，请通过删除办税人员相关功能办理</translation>
        </message>
        <message>
            <source>Please think carefully before deregistering your account.</source>
            <translation>请谨慎进行账户注销操作</translation>
        </message>
        <message>
            <source>Deregister your account?</source>
            <translation>确定注销账户吗？</translation>
        </message>
        <message>
            <source>You will no longer be able to log in with this account. A code goes to your default phone number to confirm.</source>
            <translation>注销后将无法再使用本账户登录。确认需向您的默认手机号码发送验证码。</translation>
        </message>
        <message>
            <source>Keep my account</source>
            <translation>保留账户</translation>
        </message>
        <message>
            <source>Send the code</source>
            <translation>发送验证码</translation>
        </message>
        <message>
            <source>Deregister account</source>
            <translation>账户注销</translation>
        </message>
        <message>
            <source>Deregistering ends your account: you can no longer log in with it. Tap Back if you do not want this.</source>
            <translation>注销将结束您的账户，之后无法再登录。如不想注销，请点击“返回”。</translation>
        </message>
        <message>
            <source>After deregistering you cannot log in with this account, and every login on every terminal ends. To use the services again you have to register again.</source>
            <translation>注销后无法再使用本账户登录，所有终端上的登录都将退出。如需再次使用，须重新注册。</translation>
        </message>
        <message>
            <source>Deregister my account</source>
            <translation>注销我的账户</translation>
        </message>
    </context>
    <context>
        <name>DeregisteredScreen</name>
        <message>
            <source>Account deregistered</source>
            <translation>账户已注销</translation>
        </message>
        <message>
            <source>Tap Finish to return to the home screen.</source>
            <translation>请点击“完成”返回首页。</translation>
        </message>
        <message>
            <source>Finish</source>
            <translation>完成</translation>
        </message>
        <message>
            <source>Your account has been deregistered and you have been logged out. Nothing of your visit is kept on this terminal.</source>
            <translation>您的账户已注销，并已退出登录。本终端不保留您本次办理的任何信息。</translation>
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
        <name>DocumentEntryScreen</name>
        <message>
            <source>15 or 18 characters</source>
            <translation>15 位或 18 位</translation>
        </message>
        <message>
            <source>18 characters, starting 810000 or 820000</source>
            <translation>18 位，以 810000 或 820000 开头</translation>
        </message>
        <message>
            <source>18 characters, starting 830000</source>
            <translation>18 位，以 830000 开头</translation>
        </message>
        <message>
            <source>18 characters, the last may be X</source>
            <translation>18 位，最后一位可能是 X</translation>
        </message>
        <message>
            <source>5-30 letters or digits</source>
            <translation>5-30 位字母或数字</translation>
        </message>
        <message>
            <source>8 or 10 digits</source>
            <translation>8 位或 10 位数字</translation>
        </message>
        <message>
            <source>9 characters, starting E or G</source>
            <translation>9 位，以 E 或 G 开头</translation>
        </message>
        <message>
            <source>Choose another document type</source>
            <translation>重新选择证件类型</translation>
        </message>
        <message>
            <source>Document number</source>
            <translation>证件号码</translation>
        </message>
        <message>
            <source>Document: {type}</source>
            <translation>证件类型：{type}</translation>
        </message>
        <message>
            <source>H or M, then 8 or 10 digits</source>
            <translation>H 或 M 加 8 位或 10 位数字</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>下一步</translation>
        </message>
    </context>
    <context>
        <name>DocumentTypePicker</name>
        <message>
            <source>Documents that can also register directly</source>
            <translation>可直接注册的证件</translation>
        </message>
        <message>
            <source>Documents that need hall collection first</source>
            <translation>须先在大厅采集的证件</translation>
        </message>
    </context>
    <context>
        <name>FaceCheck</name>
        <message>
            <source>Connecting to the camera…</source>
            <translation>正在连接摄像头…</translation>
        </message>
    </context>
    <context>
        <name>FaceCheckScreen</name>
        <message>
            <source>Face check</source>
            <translation>刷脸验证</translation>
        </message>
        <message>
            <source>Stand in front of the camera, alone, and follow the instruction under the picture: look at the camera, then turn your head or come closer as the arrow shows. The check runs by itself; only a code of your face is sent, never the picture.</source>
            <translation>请一人站在摄像头前，按画面下方的提示操作：先正对摄像头，再按箭头转头或靠近。验证自动进行；只发送您的人脸特征码，从不发送照片。</translation>
        </message>
        <message>
            <source>Look at the camera and follow the instruction under the picture. The check runs by itself.</source>
            <translation>请看向摄像头，并按画面下方的提示操作。验证自动进行。</translation>
        </message>
        <message>
            <source>For a good result: enough light on your face, no other face in the picture, and follow the prompts.</source>
            <translation>为顺利通过：请保证脸部光线充足、画面中没有其他人脸，并按提示完成动作。</translation>
        </message>
        <message>
            <source>Try again</source>
            <translation>重试</translation>
        </message>
        <message>
            <source>Preparing the face check…</source>
            <translation>正在准备刷脸验证…</translation>
        </message>
        <message>
            <source>No picture from the camera</source>
            <translation>摄像头没有画面</translation>
        </message>
        <message>
            <source>The camera stopped sending pictures. Tap Try again; if it happens again, ask the hall staff.</source>
            <translation>摄像头没有画面了。请点击“重试”；如再次发生，请咨询大厅工作人员。</translation>
        </message>
        <message>
            <source>It is too dark to see your face. Face the light, then tap Try again.</source>
            <translation>光线太暗，看不清您的脸。请面向光源，然后点击“重试”。</translation>
        </message>
        <message>
            <source>More than one face is in the picture. Ask the others to step out of view, then tap Try again.</source>
            <translation>画面中不止一张人脸。请其他人离开画面，然后点击“重试”。</translation>
        </message>
        <message>
            <source>No face is seen. Stand in front of the camera, then tap Try again.</source>
            <translation>没有看到人脸。请站到摄像头前，然后点击“重试”。</translation>
        </message>
        <message>
            <source>The actions were not completed in time. Follow the arrow on the picture, then tap Try again.</source>
            <translation>未能及时完成动作。请按画面上的箭头操作，然后点击“重试”。</translation>
        </message>
        <message>
            <source>No picture was clear enough. Face the light and the camera, then tap Try again.</source>
            <translation>没有足够清晰的画面。请面向光源和摄像头，然后点击“重试”。</translation>
        </message>
        <message>
            <source>Face checks are not available on this terminal now. Use another way, or ask the hall staff.</source>
            <translation>本终端暂时无法刷脸验证。请换用其他方式，或咨询大厅工作人员。</translation>
        </message>
        <message>
            <source>The picture could not be checked. Tap Try again; if it happens again, ask the hall staff.</source>
            <translation>画面无法分析。请点击“重试”；如再次发生，请咨询大厅工作人员。</translation>
        </message>
    </context>
    <context>
        <name>FactorChoiceScreen</name>
        <message>
            <source>A 6-digit code goes to that phone; you type it in on the next screen.</source>
            <translation>6 位验证码将发送到该手机，请在下一屏输入。</translation>
        </message>
        <message>
            <source>Face check with the camera</source>
            <translation>刷脸验证</translation>
        </message>
        <message>
            <source>How do you want to confirm that it is you?</source>
            <translation>请选择验证本人身份的方式：</translation>
        </message>
        <message>
            <source>Log in</source>
            <translation>登录</translation>
        </message>
        <message>
            <source>SMS code to my phone</source>
            <translation>短信验证码发送到我的手机</translation>
        </message>
        <message>
            <source>SMS code to {phone}</source>
            <translation>短信验证码发送到 {phone}</translation>
        </message>
        <message>
            <source>Scan the code on the next screen with the e-tax bureau app or the IIT app; the app checks your face.</source>
            <translation>用电子税务局 App 或个人所得税 App 扫描下一屏的二维码，由 App 完成人脸验证。</translation>
        </message>
        <message>
            <source>Scan with the tax app</source>
            <translation>税务 App 扫码验证</translation>
        </message>
        <message>
            <source>Your face is compared with your reference photo. Only a code of your face is sent, never the picture. A passed face check also raises real-name level 3 to 4.</source>
            <translation>将您的人脸与留存的人像比对，只发送人脸特征码，不发送照片。刷脸通过后，三级实名同时提升为四级。</translation>
        </message>
        <message>
            <source>Your password is right. Choose the second step: a code sent to your phone, a face check with the camera of this terminal, or a scan with your tax app. Each is as good as the others.</source>
            <translation>密码正确。请选择第二步验证方式：发送到手机的短信验证码、本终端摄像头刷脸，或用税务 App 扫码。任选一种即可。</translation>
        </message>
    </context>
    <context>
        <name>ForgotFaceScreen</name>
        <message>
            <source>Forgot password</source>
            <translation>忘记密码</translation>
        </message>
        <message>
            <source>Stand in front of the camera, alone, and follow the instruction under the picture. Your face is compared with the photo taken at the tax hall; only a code of your face is sent, never the picture. This also unlocks a locked account.</source>
            <translation>请一人站在摄像头前，按画面下方的提示操作。您的人脸将与办税服务厅采集的照片比对；只发送人脸特征码，从不发送照片。验证通过后，被锁定的账户同时解锁。</translation>
        </message>
        <message>
            <source>Look at the camera and follow the instruction under the picture. Your face is compared with the one collected at the tax hall.</source>
            <translation>请看向摄像头，并按画面下方的提示操作。您的人脸将与办税服务厅采集的人脸比对。</translation>
        </message>
    </context>
    <context>
        <name>ForgotIdentityScreen</name>
        <message>
            <source>Forgot password</source>
            <translation>忘记密码</translation>
        </message>
        <message>
            <source>Tap the type of the document you registered with, enter its number and tap Next. Then prove it is you: a code to the default phone of your account, or a face check if the tax hall has collected your face. This also unlocks a locked account.</source>
            <translation>请点选注册时使用的证件类型，输入证件号码后点击“下一步”。然后验证身份：发送到账户默认手机号码的验证码，或刷脸验证（如办税服务厅已采集您的人脸）。重置密码同时会解除账户锁定。</translation>
        </message>
        <message>
            <source>After this step a 6-digit code goes to the default phone number of your account, or, if the tax hall has collected your face, you may choose a face check. If that phone is no longer yours, ask the hall staff.</source>
            <translation>下一步将向您账户的默认手机号码发送 6 位验证码；如办税服务厅已采集您的人脸，也可选择刷脸验证。如该手机号已不再使用，请咨询大厅工作人员。</translation>
        </message>
    </context>
    <context>
        <name>ForgotMethodScreen</name>
        <message>
            <source>Forgot password</source>
            <translation>忘记密码</translation>
        </message>
        <message>
            <source>Choose how to prove it is you: a code sent to the default phone of your account, or a face check with the camera of this terminal.</source>
            <translation>请选择验证身份的方式：发送到账户默认手机号码的验证码，或使用本终端摄像头刷脸验证。</translation>
        </message>
        <message>
            <source>How do you want to verify that it is you?</source>
            <translation>您希望用哪种方式验证身份？</translation>
        </message>
        <message>
            <source>SMS code to {phone}</source>
            <translation>短信验证码发送到 {phone}</translation>
        </message>
        <message>
            <source>SMS code to my phone</source>
            <translation>短信验证码发送到我的手机</translation>
        </message>
        <message>
            <source>Face check with the camera</source>
            <translation>刷脸验证</translation>
        </message>
        <message>
            <source>A 6-digit code goes to that phone; you type it in on the next screen.</source>
            <translation>6 位验证码将发送到该手机，请在下一屏输入。</translation>
        </message>
        <message>
            <source>Your face is compared with the one the tax hall collected. Only a code of your face is sent, never the picture.</source>
            <translation>您的人脸将与办税服务厅采集的人脸比对。只发送人脸特征码，从不发送照片。</translation>
        </message>
    </context>
    <context>
        <name>ForgotPasswordJourney</name>
        <message>
            <source>Looking up your account…</source>
            <translation>正在查询您的账户…</translation>
        </message>
        <message>
            <source>Saving your new password…</source>
            <translation>正在保存新密码…</translation>
        </message>
    </context>
    <context>
        <name>ForgotSmsScreen</name>
        <message>
            <source>Forgot password</source>
            <translation>忘记密码</translation>
        </message>
        <message>
            <source>Tap Get code. A 6-digit code is sent to the default phone number of your account; enter it and tap Next. If you no longer have that phone, ask the hall staff: face verification or real-name collection can help.</source>
            <translation>请点击“获取验证码”，6 位验证码将发送到您账户的默认手机号码；输入后点击“下一步”。如该手机号已不再使用，请咨询大厅工作人员，可通过人脸验证或实名信息采集办理。</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>下一步</translation>
        </message>
        <message>
            <source>The code goes to the default phone number of your account. If you no longer have that phone, ask the hall staff.</source>
            <translation>验证码发送到您账户的默认手机号码。如该手机号已不再使用，请咨询大厅工作人员。</translation>
        </message>
        <message>
            <source>The code will be sent to {phone}.</source>
            <translation>验证码将发送至 {phone}。</translation>
        </message>
        <message>
            <source>Your account has no phone number for a code.</source>
            <translation>您的账户没有可接收验证码的手机号码。</translation>
        </message>
    </context>
    <context>
        <name>HistoryScreen</name>
        <message>
            <source>History</source>
            <translation>历史管理信息</translation>
        </message>
        <message>
            <source>What happened to your account, newest first. Clear record hides a line from this list; the tax authority keeps the record.</source>
            <translation>您账户的操作记录，最新的在前。“清除记录”会从列表中移除该条记录，税务机关仍保留该记录。</translation>
        </message>
        <message>
            <source>Newest first. 清除记录 (Clear record) removes a line from this list.</source>
            <translation>最新的在前。点击“清除记录”可从列表中移除该条记录。</translation>
        </message>
        <message>
            <source>There is no history to show.</source>
            <translation>暂无历史管理信息。</translation>
        </message>
        <message>
            <source>Terminal: {name}</source>
            <translation>终端：{name}</translation>
        </message>
        <message>
            <source>Clear record</source>
            <translation>清除记录</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>完成</translation>
        </message>
    </context>
    <context>
        <name>HomeScreen</name>
        <message>
            <source>Tax Self-Service Terminal</source>
            <translation>办税自助终端</translation>
        </message>
        <message>
            <source>Tap Natural-person services to log in with your ID number, phone number or username. Tap Enterprise services to act for an enterprise you are related to: its unified social credit code or taxpayer id, then your own ID number, phone or username and your personal password. Use 中文 / EN at the top to change the language.</source>
            <translation>点击“自然人业务”，可使用证件号码、手机号码或用户名登录。点击“企业业务”，可为与您有关联关系的企业办税：输入企业的统一社会信用代码或纳税人识别号，再输入您本人的证件号码、手机号码或用户名和个人用户密码。点击顶部的“中文 / EN”可切换语言。</translation>
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
            <source>Retrieve phone number</source>
            <translation>找回手机号码</translation>
        </message>
        <message>
            <source>Staff</source>
            <translation>工作人员</translation>
        </message>
        <message>
            <source>Tax digital certificate</source>
            <translation>税务数字证书</translation>
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
        <name>JourneyBase</name>
        <message>
            <source>Checking your face…</source>
            <translation>正在核验人脸…</translation>
        </message>
        <message>
            <source>Sending the code…</source>
            <translation>正在发送验证码…</translation>
        </message>
        <message>
            <source>Checking the code…</source>
            <translation>正在核对验证码…</translation>
        </message>
    </context>
    <context>
        <name>LevelFaceScreen</name>
        <message>
            <source>A face check raises your real-name level from 3 to 4. Look at the camera and follow the instruction under the picture.</source>
            <translation>刷脸验证通过后，实名等级由三级提升为四级。请看向摄像头，并按画面下方的提示操作。</translation>
        </message>
        <message>
            <source>Real-name level</source>
            <translation>个人实名等级</translation>
        </message>
        <message>
            <source>Stand in front of the camera, alone, and follow the instruction under the picture. Your face is compared with your reference photo; only a code of your face is sent, never the picture. When it passes, your real-name level becomes 4.</source>
            <translation>请一人站在摄像头前，按画面下方的提示操作。您的人脸将与留存的人像比对，只发送人脸特征码，不发送照片。通过后实名等级提升为四级。</translation>
        </message>
        <message>
            <source>Your real-name level is 3. Tax business needs level 4: a face check raises it now. Look at the camera and follow the instruction under the picture.</source>
            <translation>您当前为三级实名，办理涉税业务需要四级实名：现在刷脸即可提升。请看向摄像头，并按画面下方的提示操作。</translation>
        </message>
    </context>
    <context>
        <name>LoggedInHomeScreen</name>
        <message>
            <source>Manage people</source>
            <translation>人员权限管理</translation>
        </message>
        <message>
            <source>Tax business</source>
            <translation>办理涉税业务</translation>
        </message>
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
        <message>
            <source>Account center</source>
            <translation>账户中心</translation>
        </message>
        <message>
            <source>Acting for: yourself (personal business)</source>
            <translation>当前办税身份：个人办税</translation>
        </message>
        <message>
            <source>Acting for: {enterprise}</source>
            <translation>当前办税企业：{enterprise}</translation>
        </message>
        <message>
            <source>Enterprise authorizations</source>
            <translation>企业授权管理</translation>
        </message>
        <message>
            <source>Enterprise services</source>
            <translation>企业业务</translation>
        </message>
        <message>
            <source>Role: not chosen yet</source>
            <translation>身份：尚未选择</translation>
        </message>
        <message>
            <source>Role: {role}</source>
            <translation>身份：{role}</translation>
        </message>
        <message>
            <source>Role: {role} (for this client only)</source>
            <translation>身份：{role}（仅限本委托企业）</translation>
        </message>
        <message>
            <source>Switch identity</source>
            <translation>身份切换</translation>
        </message>
        <message>
            <source>This role may:</source>
            <translation>此身份可办理：</translation>
        </message>
        <message>
            <source>You act for the enterprise shown, in the role shown, and may do what that role allows. Switch identity moves you to another of your roles, another enterprise you are bound to, or your personal business, without logging in again. When you are done, tap Log out.</source>
            <translation>您正以所示身份为所示企业办税，可办理该身份授权范围内的业务。点击“身份切换”可切换到本企业的其他身份、其他关联企业或个人办税，无需重新登录。办理完毕请点击“退出登录”。</translation>
        </message>
        <message>
            <source>Your own tax affairs as a natural person. To act for an enterprise, log out and log in through Enterprise business.</source>
            <translation>以自然人身份办理本人的涉税业务。如需为企业办税，请退出后通过“企业业务”入口登录。</translation>
        </message>
    </context>
    <context>
        <name>LoggedInJourney</name>
        <message>
            <source>Tax business needs real-name level 4. This terminal cannot do the face check now: use a terminal with a camera, the tax app, or ask the hall staff.</source>
            <translation>办理涉税业务需要四级实名。本终端暂时无法刷脸：请到带摄像头的终端、使用税务 App，或咨询大厅工作人员。</translation>
        </message>
        <message>
            <source>Face check passed: your real-name level is now 4, enough for all tax business.</source>
            <translation>人脸识别认证已通过，您的实名等级已提升为四级，可办理全部涉税业务。</translation>
        </message>
        <message>
            <source>Identity switched. You now act as: {identity}</source>
            <translation>身份切换成功。当前身份：{identity}</translation>
        </message>
    </context>
    <context>
        <name>LoginFaceScreen</name>
        <message>
            <source>Log in</source>
            <translation>登录</translation>
        </message>
        <message>
            <source>Second step: look at the camera and follow the instruction under the picture. The check runs by itself.</source>
            <translation>第二步：请看向摄像头，并按画面下方的提示操作，系统将自动完成核验。</translation>
        </message>
        <message>
            <source>Stand in front of the camera, alone, and follow the instruction under the picture. Your face is compared with your reference photo; only a code of your face is sent, never the picture. Tap Back to choose another way.</source>
            <translation>请一人站在摄像头前，按画面下方的提示操作。您的人脸将与留存的人像比对，只发送人脸特征码，不发送照片。点击“返回”可改用其他方式。</translation>
        </message>
    </context>
    <context>
        <name>LoginJourney</name>
        <message>
            <source>Checking your account…</source>
            <translation>正在核验账号，请稍候…</translation>
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
        <name>PasswordResetDoneScreen</name>
        <message>
            <source>Password reset</source>
            <translation>密码已重置</translation>
        </message>
        <message>
            <source>Tap Log in and use your new password.</source>
            <translation>请点击“登录”，使用新密码登录。</translation>
        </message>
        <message>
            <source>Log in</source>
            <translation>登录</translation>
        </message>
        <message>
            <source>Your password has been reset. Log in with your new password.</source>
            <translation>您的密码已重置，请使用新密码登录。</translation>
        </message>
        <message>
            <source>Your account is unlocked.</source>
            <translation>您的账户已解锁。</translation>
        </message>
        <message>
            <source>Your account has no phone number. Add one now with Retrieve phone number, so that codes can reach you next time.</source>
            <translation>您的账户没有手机号码。请现在通过“找回手机号码”添加，以便今后接收验证码。</translation>
        </message>
        <message>
            <source>Retrieve phone number</source>
            <translation>找回手机号码</translation>
        </message>
    </context>
    <context>
        <name>PhoneBoundScreen</name>
        <message>
            <source>Phone number retrieved</source>
            <translation>手机号码已找回</translation>
        </message>
        <message>
            <source>Tap Log in; the code of the next login goes to this number.</source>
            <translation>请点击“登录”；下次登录的验证码将发送到这个号码。</translation>
        </message>
        <message>
            <source>Log in</source>
            <translation>登录</translation>
        </message>
        <message>
            <source>{phone} is now the default phone number of your account.</source>
            <translation>{phone} 已成为您账户的默认手机号码。</translation>
        </message>
        <message>
            <source>It was bound to another account, which no longer has it.</source>
            <translation>该号码原绑定在其他账户上，已从其他账户中解除绑定。</translation>
        </message>
    </context>
    <context>
        <name>PhonesScreen</name>
        <message>
            <source>Phone numbers</source>
            <translation>手机号码管理</translation>
        </message>
        <message>
            <source>To add a number, enter it with the keypad and tap Add number: a code goes to that number. Removing a number or making another one the default is confirmed by a code too.</source>
            <translation>添加号码：用数字键盘输入后点击“添加号码”，验证码将发送到该号码。删除号码或更改默认号码同样需要验证码确认。</translation>
        </message>
        <message>
            <source>{count} of {limit} numbers on your account</source>
            <translation>已绑定 {count} 个手机号码，最多 {limit} 个</translation>
        </message>
        <message>
            <source>Default</source>
            <translation>默认</translation>
        </message>
        <message>
            <source>Make default</source>
            <translation>设为默认</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Add a phone number</source>
            <translation>添加手机号码</translation>
        </message>
        <message>
            <source>11 digits; a code is sent to it</source>
            <translation>11 位；将向该号码发送验证码</translation>
        </message>
        <message>
            <source>For the safety of your account, do not bind your account to another person's phone number. When you log in, choose a phone number that can receive SMS codes.</source>
            <translation>为了自身账户安全，请不要将自己的账户绑定他人手机号。请您在登录时，选择能够收取短信验证码的手机号进行登录。</translation>
        </message>
        <message>
            <source>Add number</source>
            <translation>添加号码</translation>
        </message>
    </context>
    <context>
        <name>QrLoginJourney</name>
        <message>
            <source>Preparing the QR code…</source>
            <translation>正在生成二维码…</translation>
        </message>
    </context>
    <context>
        <name>QrLoginScreen</name>
        <message>
            <source>QR code verification</source>
            <translation>扫码验证</translation>
        </message>
        <message>
            <source>QR code login</source>
            <translation>扫码登录</translation>
        </message>
        <message>
            <source>Open the e-tax bureau app (电子税务局) or the IIT app (个人所得税), tap Scan and point the phone at the code. The terminal continues by itself. Each code works once and only for two minutes; tap Refresh for a new one.</source>
            <translation>请打开电子税务局App或个人所得税App，点击“扫一扫”，对准屏幕上的二维码。扫码后终端会自动继续。每个二维码只能使用一次，有效期两分钟；过期请点击“刷新二维码”。</translation>
        </message>
        <message>
            <source>Scan with your tax app to confirm it is you (second step of login)</source>
            <translation>请使用税务App扫码，确认是您本人（登录第二步）</translation>
        </message>
        <message>
            <source>Scan with your tax app to log in</source>
            <translation>请使用税务App扫码登录</translation>
        </message>
        <message>
            <source>The QR code has expired. Tap Refresh for a new one.</source>
            <translation>二维码已失效，请点击“刷新二维码”获取新的二维码。</translation>
        </message>
        <message>
            <source>Valid for {seconds} more seconds</source>
            <translation>二维码 {seconds} 秒后失效</translation>
        </message>
        <message>
            <source>Refresh QR code</source>
            <translation>刷新二维码</translation>
        </message>
    </context>
    <context>
        <name>RegisterDocumentScreen</name>
        <message>
            <source>User registration</source>
            <translation>用户注册</translation>
        </message>
        <message>
            <source>Tap the type of your document, enter its number with the keypad and your name as printed on it (tap the name field for the keyboard), then tap Next. Next come your mobile phone number, a face check and your password. Foreign passports and work permits need real-name collection by the hall staff first.</source>
            <translation>请点击您的证件类型，用数字键盘输入证件号码，并按证件填写姓名（点击姓名栏打开键盘），然后点击“下一步”。接下来是手机号码、人脸识别认证和设置密码。外国护照和外国人工作许可证须先由大厅工作人员办理实名信息采集。</translation>
        </message>
        <message>
            <source>Name (Latin letters, as in the document)</source>
            <translation>姓名（拉丁字母，与证件一致）</translation>
        </message>
        <message>
            <source>For example ZHANG SAN or SMITH JOHN</source>
            <translation>例如 ZHANG SAN 或 SMITH JOHN</translation>
        </message>
        <message>
            <source>Name (as on the document)</source>
            <translation>姓名（与证件一致）</translation>
        </message>
        <message>
            <source>Chinese characters: type Pinyin, then choose</source>
            <translation>汉字：输入拼音后选择汉字</translation>
        </message>
        <message>
            <source>This document type must first have real-name collection by the hall staff (实名信息采集). If that is done, continue; if not, the staff counter can do it now.</source>
            <translation>此类证件须先由大厅工作人员办理实名信息采集。已采集的请继续；尚未采集的，可到人工窗口现场办理。</translation>
        </message>
        <message>
            <source>Your name and document number are checked with the public-security records. Nothing is saved until you finish the last step.</source>
            <translation>您的姓名和证件号码将与公安信息核对。完成最后一步之前，不会保存任何信息。</translation>
        </message>
    </context>
    <context>
        <name>RegisterFaceScreen</name>
        <message>
            <source>User registration</source>
            <translation>用户注册</translation>
        </message>
        <message>
            <source>Stand in front of the camera, alone, and follow the instruction under the picture. Your face is compared with your photo in the public-security records; only a code of your face is sent, never the picture. If it keeps failing, the hall staff can collect your real-name information instead.</source>
            <translation>请独自站在摄像头前，按画面下方的提示操作。您的人脸将与公安人像信息比对；只发送人脸特征码，不发送照片。如多次未通过，可请大厅工作人员为您办理实名信息采集。</translation>
        </message>
        <message>
            <source>Look at the camera and follow the instruction under the picture. Your face is compared with your photo in the public-security records.</source>
            <translation>请看向摄像头，按画面下方的提示操作。您的人脸将与公安人像信息比对。</translation>
        </message>
    </context>
    <context>
        <name>RegisterPasswordScreen</name>
        <message>
            <source>This username meets the rules.</source>
            <translation>用户名符合规则。</translation>
        </message>
        <message>
            <source>User registration</source>
            <translation>用户注册</translation>
        </message>
        <message>
            <source>Choose your personal password, enter it twice, and if you like a username to log in with; then tap Register. Tap a field to open the on-screen keyboard.</source>
            <translation>请设置个人密码并输入两次，如需要可设置登录用的用户名，然后点击“注册”。点击输入栏可打开屏幕键盘。</translation>
        </message>
        <message>
            <source>Last step. Do not use your birthday, document number or phone number in the password: it would be easy to guess.</source>
            <translation>最后一步。密码中请勿使用生日、证件号码或手机号码，否则容易被猜到。</translation>
        </message>
        <message>
            <source>Register</source>
            <translation>注册</translation>
        </message>
        <message>
            <source>Username (optional)</source>
            <translation>用户名（选填）</translation>
        </message>
        <message>
            <source>6-20 letters or digits, starting with a letter; may stay empty</source>
            <translation>6-20 位字母或数字，以字母开头；可不填</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>Password again</source>
            <translation>再次输入密码</translation>
        </message>
    </context>
    <context>
        <name>RegisterSmsScreen</name>
        <message>
            <source>User registration</source>
            <translation>用户注册</translation>
        </message>
        <message>
            <source>Enter your mobile phone number with the keypad and tap Get code. A 6-digit code is sent to it; enter the code and tap Next. This number becomes the default number of your account.</source>
            <translation>请用数字键盘输入手机号码，点击“获取验证码”。6 位验证码将发送到该号码；输入验证码后点击“下一步”。该号码将成为您账户的默认手机号码。</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>下一步</translation>
        </message>
        <message>
            <source>Use a number you keep and that receives SMS: codes for logging in go to it. If the number was on someone else's account, it moves to yours when you enter the code.</source>
            <translation>请使用您长期使用、能接收短信的号码，登录验证码将发送到该号码。如该号码原绑定在他人账户上，您输入验证码后将改绑到您的账户。</translation>
        </message>
        <message>
            <source>The code was sent to {phone}.</source>
            <translation>验证码已发送至 {phone}。</translation>
        </message>
        <message>
            <source>Your real-name information was collected at the tax hall: no face check is needed, and you will be registered at level 5.</source>
            <translation>您已在办税服务厅完成实名信息采集：无需人脸识别认证，注册后实名等级为 5 级。</translation>
        </message>
    </context>
    <context>
        <name>RegistrationDoneScreen</name>
        <message>
            <source>Registration complete</source>
            <translation>注册成功</translation>
        </message>
        <message>
            <source>You are registered and logged in. Tap the button at the bottom right to go on to the natural-person services; log out when you are done.</source>
            <translation>您已注册并登录。点击右下角的按钮继续办理自然人业务；办理完毕请退出登录。</translation>
        </message>
        <message>
            <source>Continue to my services</source>
            <translation>继续办理业务</translation>
        </message>
        <message>
            <source>Name: {name}</source>
            <translation>姓名：{name}</translation>
        </message>
        <message>
            <source>Real-name level: {level}</source>
            <translation>实名等级：{level} 级</translation>
        </message>
        <message>
            <source>Level 5, the highest: your real-name information was collected at the tax hall. Every natural-person service is open to you.</source>
            <translation>5 级为最高等级：您已在办税服务厅完成实名信息采集，可办理全部自然人业务。</translation>
        </message>
        <message>
            <source>Level 4: your face was verified. You can use the natural-person services at this terminal and online; real-name collection at the hall raises it to 5.</source>
            <translation>4 级：您已通过人脸识别认证，可在本终端和网上办理自然人业务；到办税服务厅办理实名信息采集后可升至 5 级。</translation>
        </message>
        <message>
            <source>Default phone number: {phone}</source>
            <translation>默认手机号码：{phone}</translation>
        </message>
        <message>
            <source>Username: {username}</source>
            <translation>用户名：{username}</translation>
        </message>
        <message>
            <source>You are registered and logged in. Welcome!</source>
            <translation>注册成功，您已登录。欢迎！</translation>
        </message>
    </context>
    <context>
        <name>RegistrationJourney</name>
        <message>
            <source>Checking your identity…</source>
            <translation>正在校验身份信息…</translation>
        </message>
        <message>
            <source>Creating your account…</source>
            <translation>正在创建账户…</translation>
        </message>
    </context>
    <context>
        <name>RegistrationRefusedScreen</name>
        <message>
            <source>User registration</source>
            <translation>用户注册</translation>
        </message>
        <message>
            <source>You already have an account. Tap Log in and use your password; if you forgot it, tap Forgot password to set a new one.</source>
            <translation>您已有账户。请点击“登录”并使用您的密码；如忘记密码，请点击“忘记密码”重新设置。</translation>
        </message>
        <message>
            <source>Registration at the terminal needs a check the hall staff do first. Go to the staff counter with your document: they collect your real-name information and face (实名信息采集). Then register here again, without the face check.</source>
            <translation>在本终端注册前，需要大厅工作人员先为您办理一项核验。请携带证件到人工窗口办理实名信息采集（证件信息和人脸），之后即可在此注册，无需人脸识别认证。</translation>
        </message>
        <message>
            <source>You are already registered</source>
            <translation>您已注册</translation>
        </message>
        <message>
            <source>Log in with your document number, phone number or username. If you forgot your password, reset it with Forgot password.</source>
            <translation>请使用证件号码、手机号码或用户名登录。如忘记密码，请通过“忘记密码”重新设置。</translation>
        </message>
        <message>
            <source>Log in</source>
            <translation>登录</translation>
        </message>
        <message>
            <source>Please ask the hall staff</source>
            <translation>请到人工窗口找工作人员办理</translation>
        </message>
        <message>
            <source>Take your document to the staff counter for real-name collection (实名信息采集). It takes a few minutes; afterwards you can register here without the face check, at the highest real-name level (5).</source>
            <translation>请携带证件到人工窗口办理实名信息采集，只需几分钟；之后即可在此注册，无需人脸识别认证，并获得最高实名等级（5 级）。</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>完成</translation>
        </message>
        <message>
            <source>Forgot password</source>
            <translation>忘记密码</translation>
        </message>
        <message>
            <source>Use another document</source>
            <translation>使用其他证件</translation>
        </message>
    </context>
    <context>
        <name>ResetPasswordScreen</name>
        <message>
            <source>Forgot password</source>
            <translation>忘记密码</translation>
        </message>
        <message>
            <source>Choose a new personal password, enter it twice and tap Save new password. Tap a field to open the on-screen keyboard.</source>
            <translation>请设置新的个人密码，输入两次后点击“保存新密码”。点击输入框可打开屏幕键盘。</translation>
        </message>
        <message>
            <source>You have been verified. Set a new password; a locked account is unlocked at the same time.</source>
            <translation>身份验证已通过。请设置新密码；如账户已锁定，将同时解锁。</translation>
        </message>
    </context>
    <context>
        <name>RetrieveNewPhoneScreen</name>
        <message>
            <source>Retrieve phone number</source>
            <translation>找回手机号码</translation>
        </message>
        <message>
            <source>Enter the new phone number with the keypad and tap Get code. Enter the 6-digit code sent to that number and tap Confirm. The number becomes the default number of your account.</source>
            <translation>请用数字键盘输入新的手机号码，点击“获取验证码”；输入发送到该号码的 6 位验证码后点击“确认”。该号码将成为您账户的默认手机号码。</translation>
        </message>
        <message>
            <source>Confirm</source>
            <translation>确认</translation>
        </message>
        <message>
            <source>For the safety of your account, do not bind your account to another person's phone number. Choose a number that can receive SMS codes: you will log in with it.</source>
            <translation>为了自身账户安全，请不要将自己的账户绑定他人手机号。请选择能够收取短信验证码的手机号，登录时将使用该号码。</translation>
        </message>
        <message>
            <source>The code was sent to {phone}.</source>
            <translation>验证码已发送至 {phone}。</translation>
        </message>
    </context>
    <context>
        <name>RetrievePasswordScreen</name>
        <message>
            <source>Retrieve phone number</source>
            <translation>找回手机号码</translation>
        </message>
        <message>
            <source>Enter your ID number or username and the personal password you set yourself (the initial password is not accepted), then tap Next. Then enter the new phone number and confirm it with the code sent to it.</source>
            <translation>请输入证件号码或用户名，以及您自己设置的个人用户密码（不接受初始密码），点击“下一步”。然后输入新的手机号码，并用发送到该号码的验证码确认。</translation>
        </message>
        <message>
            <source>ID number / username</source>
            <translation>证件号码 / 用户名</translation>
        </message>
        <message>
            <source>ID number: 18 characters (last may be X)</source>
            <translation>身份证号码：18 位（末位可为 X）</translation>
        </message>
    </context>
    <context>
        <name>RetrievePhoneJourney</name>
        <message>
            <source>Checking your account…</source>
            <translation>正在核对您的账户…</translation>
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
            <source>Mobile phone number</source>
            <translation>手机号码</translation>
        </message>
        <message>
            <source>11 digits, a mainland mobile number</source>
            <translation>11 位中国大陆手机号码</translation>
        </message>
        <message>
            <source>A code was sent to {phone}. It is valid for {minutes} minutes.</source>
            <translation>验证码已发送至 {phone}，{minutes} 分钟内有效。</translation>
        </message>
    </context>
    <context>
        <name>StaffHomeScreen</name>
        <message>
            <source>Enterprise relations (人企关联)</source>
            <translation>人企关联</translation>
        </message>
        <message>
            <source>Staff · real-name information collection</source>
            <translation>工作人员 · 实名信息采集</translation>
        </message>
        <message>
            <source>Tap Start collection to collect a person's document data and face photo. Records are saved on this terminal first and sent to the account service when it can be reached.</source>
            <translation>点击“开始采集”采集办理人的证件信息和人像照片。记录先保存在本终端，能连接账户服务时再发送。</translation>
        </message>
        <message>
            <source>Logged in: {name}</source>
            <translation>已登录：{name}</translation>
        </message>
        <message>
            <source>● Online — records are sent to the account service ({count} waiting)</source>
            <translation>● 在线 — 记录将发送至账户服务（{count} 条待同步）</translation>
        </message>
        <message>
            <source>○ Offline — records kept on this terminal ({count} waiting)</source>
            <translation>○ 离线 — 记录保存在本终端（{count} 条待同步）</translation>
        </message>
        <message>
            <source>Tester panel (demo)</source>
            <translation>测试面板（演示）</translation>
        </message>
        <message>
            <source>Log out</source>
            <translation>退出登录</translation>
        </message>
        <message>
            <source>Start collection</source>
            <translation>开始采集</translation>
        </message>
        <message>
            <source>Sync status and export</source>
            <translation>同步状态与导出</translation>
        </message>
        <message>
            <source>Unblock a certificate medium</source>
            <translation>证书介质解锁</translation>
        </message>
        <message>
            <source>Account locks</source>
            <translation>账户锁定</translation>
        </message>
    </context>
    <context>
        <name>StaffJourney</name>
        <message>
            <source>Checking your staff account…</source>
            <translation>正在核验工作人员账号…</translation>
        </message>
        <message>
            <source>Saving the record…</source>
            <translation>正在保存记录…</translation>
        </message>
        <message>
            <source>Connecting to the camera…</source>
            <translation>正在连接摄像头…</translation>
        </message>
        <message>
            <source>Checking the photo…</source>
            <translation>正在检查照片…</translation>
        </message>
    </context>
    <context>
        <name>StaffLockScreen</name>
        <message>
            <source>Staff · account locks</source>
            <translation>工作人员 · 账户锁定</translation>
        </message>
        <message>
            <source>Lift the lock only for the person in front of you, after checking their document. The person then logs in as usual; today's failed attempts start again from zero.</source>
            <translation>请在核验本人证件后，仅为在场的本人解除锁定。解除后本人可正常登录，今日失败次数从零重新计算。</translation>
        </message>
        <message>
            <source>The lock was lifted.</source>
            <translation>已解除锁定。</translation>
        </message>
        <message>
            <source>⚠ Locked: lifts by itself at {when}.</source>
            <translation>⚠ 已锁定：将于{when}自动解除。</translation>
        </message>
        <message>
            <source>✓ Not locked.</source>
            <translation>✓ 未锁定。</translation>
        </message>
        <message>
            <source>Lift the lock</source>
            <translation>解除锁定</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>完成</translation>
        </message>
        <message>
            <source>password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>SMS code</source>
            <translation>短信验证码</translation>
        </message>
        <message>
            <source>face</source>
            <translation>人脸</translation>
        </message>
        <message>
            <source>No failed attempts today.</source>
            <translation>今日没有失败记录。</translation>
        </message>
        <message>
            <source>Failed attempts today: {parts}</source>
            <translation>今日失败次数：{parts}</translation>
        </message>
    </context>
    <context>
        <name>StaffLockSearchScreen</name>
        <message>
            <source>Staff · account locks</source>
            <translation>工作人员 · 账户锁定</translation>
        </message>
        <message>
            <source>Choose a person's account or a staff account, enter the ID number, phone number or username (or the staff number) and tap Look up. A lock ends by itself at 00:00; the person can also lift it with Forgot password. Lifting it here is recorded with your staff number.</source>
            <translation>选择个人账户或工作人员账户，输入证件号码、手机号码或用户名（或工号），点击“查询”。账户锁定将于 00:00 自动解除，本人也可通过“忘记密码”解锁。在此解除锁定将记录您的工号。</translation>
        </message>
        <message>
            <source>A person's account</source>
            <translation>个人账户</translation>
        </message>
        <message>
            <source>A staff account</source>
            <translation>工作人员账户</translation>
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
            <source>Staff number</source>
            <translation>工号</translation>
        </message>
        <message>
            <source>For example S0001</source>
            <translation>例如 S0001</translation>
        </message>
        <message>
            <source>Only a masked name and today's failed attempts are shown. Lifting a lock is recorded with your staff number and this terminal.</source>
            <translation>仅显示脱敏后的姓名和今日失败次数。解除锁定将记录您的工号和本终端。</translation>
        </message>
        <message>
            <source>Look up</source>
            <translation>查询</translation>
        </message>
    </context>
    <context>
        <name>StaffLocksJourney</name>
        <message>
            <source>Looking it up…</source>
            <translation>正在查询…</translation>
        </message>
        <message>
            <source>Lifting the lock…</source>
            <translation>正在解除锁定…</translation>
        </message>
    </context>
    <context>
        <name>StaffLoginScreen</name>
        <message>
            <source>Staff login</source>
            <translation>工作人员登录</translation>
        </message>
        <message>
            <source>Staff number</source>
            <translation>工号</translation>
        </message>
        <message>
            <source>Hall staff only. Enter your staff number and password: digits from the keypad, letters from the on-screen keyboard that opens when you tap a field. Without a connection you can log in if you have logged in online on this terminal before.</source>
            <translation>仅限大厅工作人员。请输入工号和密码：数字用数字键盘，字母用点击输入框后弹出的屏幕键盘。无网络时，曾在本终端在线登录过的工作人员也可登录。</translation>
        </message>
        <message>
            <source>As on your staff card, e.g. S0001</source>
            <translation>按工作证填写，如 S0001</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>Tap the field to open the on-screen keyboard</source>
            <translation>点击输入框打开屏幕键盘</translation>
        </message>
        <message>
            <source>Log in</source>
            <translation>登录</translation>
        </message>
        <message>
            <source>Checking the connection to the account service…</source>
            <translation>正在检查与账户服务的连接…</translation>
        </message>
        <message>
            <source>● Online — connected to the account service</source>
            <translation>● 在线 — 已连接账户服务</translation>
        </message>
        <message>
            <source>○ Offline — the account service cannot be reached. Staff who have logged in online on this terminal before can log in; records are kept on this terminal.</source>
            <translation>○ 离线 — 无法连接账户服务。曾在本终端在线登录过的工作人员可以登录；记录保存在本终端。</translation>
        </message>
    </context>
    <context>
        <name>SyncPanel</name>
        <message>
            <source>Writing the records to the drive…</source>
            <translation>正在把记录写入移动存储…</translation>
        </message>
        <message>
            <source>{count} record(s) written to {file}. Give the drive to an administrator to import; the records stay here until the service confirms them.</source>
            <translation>已将 {count} 条记录写入 {file}。请把U盘交给管理员导入；在账户服务确认之前，记录仍保留在本机。</translation>
        </message>
    </context>
    <context>
        <name>SyncStatusScreen</name>
        <message>
            <source>Staff · sync with the account service</source>
            <translation>工作人员 · 数据同步</translation>
        </message>
        <message>
            <source>Records are saved on this terminal first and uploaded on their own whenever the account service can be reached; Sync now tries at once. Rejected records must be collected again. When the network is down for days, export the waiting records to a removable drive and give it to an administrator to import.</source>
            <translation>记录先保存在本终端，只要能连接账户服务就会自动上传；点“立即同步”可马上重试。被拒收的记录需要为当事人重新采集。网络长时间中断时，可把待上传的记录导出到移动存储（U盘），交管理员导入。</translation>
        </message>
        <message>
            <source>Waiting to upload</source>
            <translation>待上传</translation>
        </message>
        <message>
            <source>Uploading now</source>
            <translation>正在上传</translation>
        </message>
        <message>
            <source>Rejected</source>
            <translation>被拒收</translation>
        </message>
        <message>
            <source>Rejected records (collect these people again)</source>
            <translation>被拒收的记录（请为这些人重新采集）</translation>
        </message>
        <message>
            <source>Export to a removable drive</source>
            <translation>导出到移动存储</translation>
        </message>
        <message>
            <source>Look for drives again</source>
            <translation>重新查找U盘</translation>
        </message>
        <message>
            <source>Sync now</source>
            <translation>立即同步</translation>
        </message>
        <message>
            <source>Reading the records on this terminal…</source>
            <translation>正在读取本终端的记录…</translation>
        </message>
        <message>
            <source>Uploading records…</source>
            <translation>正在上传记录…</translation>
        </message>
        <message>
            <source>○ Cannot upload right now — {count} record(s) kept here</source>
            <translation>○ 暂时无法上传 — {count} 条记录保存在本机</translation>
        </message>
        <message>
            <source>● {count} record(s) waiting; they upload on their own</source>
            <translation>● {count} 条记录待上传，将自动上传</translation>
        </message>
        <message>
            <source>● Everything is uploaded</source>
            <translation>● 全部记录已上传</translation>
        </message>
        <message>
            <source>Uploaded {done} of {total} in this round</source>
            <translation>本轮已上传 {done} / {total} 条</translation>
        </message>
        <message>
            <source>Last successful upload: {moment}</source>
            <translation>最近一次成功上传：{moment}</translation>
        </message>
        <message>
            <source>No successful upload since the terminal started.</source>
            <translation>本终端启动以来尚未成功上传。</translation>
        </message>
        <message>
            <source>(name removed)</source>
            <translation>（姓名已清除）</translation>
        </message>
        <message>
            <source>• {who}, collected {moment} (record {record}): {reason}</source>
            <translation>• {who}，采集于 {moment}（记录 {record}）：{reason}</translation>
        </message>
        <message>
            <source>Export is not available yet: this terminal needs the service's encryption key, which it fetches once online.</source>
            <translation>暂不能导出：本终端还没有账户服务的加密公钥（联网一次即可自动获取）。</translation>
        </message>
        <message>
            <source>No removable drive found. Insert a USB drive, then tap Look for drives again.</source>
            <translation>未找到移动存储。请插入U盘，再点“重新查找U盘”。</translation>
        </message>
        <message>
            <source>The waiting records are written encrypted and signed; only the account service can read them. They stay here until the service confirms them.</source>
            <translation>待上传的记录将加密并签名后写入，只有账户服务能读取；在账户服务确认收到之前，记录仍保留在本机。</translation>
        </message>
        <message>
            <source>Export to {drive}</source>
            <translation>导出到 {drive}</translation>
        </message>
        <message>
            <source>● Nothing waiting — {count} rejected record(s) to collect again</source>
            <translation>● 没有待上传的记录 — {count} 条被拒收的记录需重新采集</translation>
        </message>
        <message>
            <source>Uploaded</source>
            <translation>已上传</translation>
        </message>
        <message>
            <source>Uploaded and removed here</source>
            <translation>已从本机清除</translation>
        </message>
    </context>
    <context>
        <name>TaxAppScanStrip</name>
        <message>
            <source>Tester: simulate the tax app</source>
            <translation>测试工具：模拟税务App扫码</translation>
        </message>
        <message>
            <source>e-Tax app</source>
            <translation>电子税务局</translation>
        </message>
        <message>
            <source>IIT app</source>
            <translation>个人所得税</translation>
        </message>
        <message>
            <source>As enterprise</source>
            <translation>企业身份</translation>
        </message>
        <message>
            <source>Simulate scan</source>
            <translation>模拟扫码</translation>
        </message>
        <message>
            <source>No demo people on this terminal.</source>
            <translation>本终端没有演示用户。</translation>
        </message>
        <message>
            <source>enterprise {uscc}</source>
            <translation>企业 {uscc}</translation>
        </message>
        <message>
            <source>personal</source>
            <translation>个人</translation>
        </message>
        <message>
            <source>As {name} ({number}), {app}, {mode}</source>
            <translation>扫码人：{name}（{number}），{app}，{mode}</translation>
        </message>
        <message>
            <source>The scan could not be sent: {error}</source>
            <translation>模拟扫码未能发送：{error}</translation>
        </message>
        <message>
            <source>Scanning…</source>
            <translation>正在模拟扫码…</translation>
        </message>
        <message>
            <source>QR verification</source>
            <translation>扫码验证</translation>
        </message>
        <message>
            <source>QR login</source>
            <translation>扫码登录</translation>
        </message>
        <message>
            <source>enterprise</source>
            <translation>企业</translation>
        </message>
        <message>
            <source>Scanned ({purpose}, {mode}). The terminal continues by itself.</source>
            <translation>已扫码（{purpose}，{mode}），终端将自动继续。</translation>
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
        <name>UsernameScreen</name>
        <message>
            <source>This username meets the rules.</source>
            <translation>用户名符合规则。</translation>
        </message>
        <message>
            <source>Username</source>
            <translation>用户名</translation>
        </message>
        <message>
            <source>Tap the field to open the on-screen keyboard, type the username and tap Save. You can then log in with it instead of your ID number.</source>
            <translation>点击输入框打开屏幕键盘，输入用户名后点击“保存”。之后可使用用户名代替证件号码登录。</translation>
        </message>
        <message>
            <source>You have no username yet; the first one is free.</source>
            <translation>您尚未设置用户名，首次设置不受次数限制。</translation>
        </message>
        <message>
            <source>Current username: {name}</source>
            <translation>当前用户名：{name}</translation>
        </message>
        <message>
            <source>6-20 English letters or digits, starting with a letter; case-sensitive. It can be changed once per calendar year.</source>
            <translation>6-20 位英文字母或数字，以字母开头，区分大小写。每个自然年可修改一次。</translation>
        </message>
        <message>
            <source>You can change it again from {day}.</source>
            <translation>{day} 起可再次修改。</translation>
        </message>
        <message>
            <source>New username</source>
            <translation>新用户名</translation>
        </message>
        <message>
            <source>6-20 letters or digits</source>
            <translation>6-20 位字母或数字</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
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
            <source>{count} of 11 digits entered.</source>
            <translation>已输入 {count} 位，共 11 位。</translation>
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
    <context>
        <name>ChooseIdentityScreen</name>
        <message>
            <source>No other enterprise you are bound to. If one is missing, use Sync data in Enterprise authorizations.</source>
            <translation>没有其他关联企业。如有关联企业未列出，请在“企业授权管理”中点击“同步数据”。</translation>
        </message>
        <message>
            <source>Not offered.</source>
            <translation>不可切换。</translation>
        </message>
        <message>
            <source>Other related enterprises</source>
            <translation>其他关联企业</translation>
        </message>
        <message>
            <source>Other roles in this enterprise</source>
            <translation>本企业其他身份</translation>
        </message>
        <message>
            <source>Personal business</source>
            <translation>个人办税</translation>
        </message>
        <message>
            <source>Switch identity</source>
            <translation>身份切换</translation>
        </message>
        <message>
            <source>Tap the identity you want to act as: another of your roles in this enterprise, another enterprise you are bound to, or your personal business. You stay logged in. An enterprise you represent only as a tax agent is not listed: log in again for it. If an enterprise is missing, use Sync data in Enterprise authorizations.</source>
            <translation>点击要切换的身份：本企业的其他身份、其他关联企业，或个人办税。切换无需重新登录。仅以涉税代理人员身份代理的企业不在列表中，需退出后重新登录。如有关联企业未列出，请在“企业授权管理”中点击“同步数据”。</translation>
        </message>
        <message>
            <source>You hold no other role in this enterprise.</source>
            <translation>您在本企业没有其他身份。</translation>
        </message>
        <message>
            <source>You now act as: {identity}</source>
            <translation>当前身份：{identity}</translation>
        </message>
    </context>
    <context>
        <name>ConfirmSwitchScreen</name>
        <message>
            <source>After this you cannot switch back to enterprise business: to act for an enterprise again, log out and log in through Enterprise business.</source>
            <translation>切换后不能再切换回企业业务；如需再办理企业业务，请退出后通过“企业业务”入口重新登录。</translation>
        </message>
        <message>
            <source>Check the identity below and tap Switch. You stay logged in; the terminal still logs you out after a short time without use.</source>
            <translation>请核对下方身份后点击“确认切换”。切换无需重新登录；一段时间无操作，终端仍会自动退出登录。</translation>
        </message>
        <message>
            <source>Now: {identity}</source>
            <translation>当前身份：{identity}</translation>
        </message>
        <message>
            <source>Personal business</source>
            <translation>个人办税</translation>
        </message>
        <message>
            <source>Switch</source>
            <translation>确认切换</translation>
        </message>
        <message>
            <source>Switch identity</source>
            <translation>身份切换</translation>
        </message>
        <message>
            <source>Switch to: {identity}</source>
            <translation>切换为：{identity}</translation>
        </message>
        <message>
            <source>You stay logged in; no new login is needed.</source>
            <translation>切换后保持登录，无需重新登录。</translation>
        </message>
        <message>
            <source>{enterprise} · {role}</source>
            <translation>{enterprise} · {role}</translation>
        </message>
    </context>
    <context>
        <name>RoleNames</name>
        <message>
            <source>added at the hall</source>
            <translation>在办税服务厅添加</translation>
        </message>
        <message>
            <source>added in the account center</source>
            <translation>在账户中心添加</translation>
        </message>
        <message>
            <source>from the registration data</source>
            <translation>来自登记信息</translation>
        </message>
        <message>
            <source>from the tax registration</source>
            <translation>来自税务登记</translation>
        </message>
        <message>
            <source>from the core tax system</source>
            <translation>来自金税三期系统</translation>
        </message>
        <message>
            <source>… Applied, awaiting the enterprise</source>
            <translation>… 已申请，待企业审核</translation>
        </message>
        <message>
            <source>↩ Withdrawn</source>
            <translation>↩ 已撤回</translation>
        </message>
        <message>
            <source>✗ Declined by the enterprise</source>
            <translation>✗ 企业未通过</translation>
        </message>
        <message>
            <source>✗ Ended</source>
            <translation>✗ 已解除</translation>
        </message>
        <message>
            <source>Finance head</source>
            <translation>财务负责人</translation>
        </message>
        <message>
            <source>Invoicer</source>
            <translation>开票员</translation>
        </message>
        <message>
            <source>Legal representative</source>
            <translation>法定代表人</translation>
        </message>
        <message>
            <source>Personal business</source>
            <translation>个人办税</translation>
        </message>
        <message>
            <source>Tax agent</source>
            <translation>涉税代理人员</translation>
        </message>
        <message>
            <source>Tax handler</source>
            <translation>办税员</translation>
        </message>
        <message>
            <source>{enterprise} · {role}</source>
            <translation>{enterprise} · {role}</translation>
        </message>
        <message>
            <source>{name} (individual business, {code})</source>
            <translation>{name}（个体工商户，{code}）</translation>
        </message>
        <message>
            <source>{name} ({code})</source>
            <translation>{name}（{code}）</translation>
        </message>
        <message>
            <source>… To be confirmed</source>
            <translation>… 待确认</translation>
        </message>
        <message>
            <source>✓ Authorized</source>
            <translation>✓ 已授权</translation>
        </message>
    </context>
    <context>
        <name>SwitchingJourney</name>
        <message>
            <source>Loading your identities…</source>
            <translation>正在读取您的可切换身份…</translation>
        </message>
        <message>
            <source>Switching…</source>
            <translation>正在切换身份…</translation>
        </message>
    </context>
    <context>
        <name>CodeKeypad</name>
        <message>
            <source>⌫ Delete</source>
            <translation>⌫ 删除</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>清空</translation>
        </message>
    </context>
    <context>
        <name>EnterpriseCertificateInsertScreen</name>
        <message>
            <source>Enterprise services · certificate login</source>
            <translation>企业业务 · 证书登录</translation>
        </message>
    </context>
    <context>
        <name>EnterpriseCertificateJourney</name>
        <message>
            <source>Reading the medium…</source>
            <translation>正在读取介质…</translation>
        </message>
        <message>
            <source>Signing the challenge with the enterprise's certificate…</source>
            <translation>正在用企业的证书签名验证…</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>正在核对…</translation>
        </message>
        <message>
            <source>This medium still has the factory password 12345678: change it first under Tax digital certificate on the home screen, then log in.</source>
            <translation>此介质仍在使用默认证书口令12345678：请先在首页“税务数字证书”中修改证书口令，再登录。</translation>
        </message>
    </context>
    <context>
        <name>EnterpriseCertificatePasswordScreen</name>
        <message>
            <source>Enterprise services · certificate login</source>
            <translation>企业业务 · 证书登录</translation>
        </message>
        <message>
            <source>Enter the certificate password of the enterprise's medium (金税盘, 税控盘 or 税务UKey). The terminal signs a one-time challenge with it; then you say who you are, and a second check follows on your own phone or face.</source>
            <translation>请输入企业证书介质（金税盘、税控盘或税务UKey）的证书口令。终端将用它签名一次性验证数据；随后请输入您本人的身份信息，并在您本人的手机或人脸上完成第二步验证。</translation>
        </message>
    </context>
    <context>
        <name>EnterpriseIdentifierScreen</name>
        <message>
            <source>Enterprise services · certificate login</source>
            <translation>企业业务 · 证书登录</translation>
        </message>
        <message>
            <source>The certificate belongs to the enterprise shown. Enter your own ID number, phone number or username: you log in as yourself, for this enterprise, if you are related to it (legal representative, finance head, tax handler...). A code then goes to your phone, or you check your face.</source>
            <translation>该证书属于上方显示的企业。请输入您本人的证件号码、手机号码或用户名：您以本人身份为该企业登录，前提是您与该企业有关联关系（法定代表人、财务负责人、办税人员等）。随后验证码将发送到您的手机，或进行人脸验证。</translation>
        </message>
        <message>
            <source>Enterprise: {name} ({code})</source>
            <translation>企业：{name}（{code}）</translation>
        </message>
        <message>
            <source>Your ID number / phone number / username</source>
            <translation>您本人的证件号码 / 手机号码 / 用户名</translation>
        </message>
        <message>
            <source>ID number: 18 characters (last may be X) · phone: 11 digits</source>
            <translation>身份证号码 18 位（末位可为 X）· 手机号码 11 位</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>下一步</translation>
        </message>
    </context>
    <context>
        <name>EnterpriseCodeField</name>
        <message>
            <source>Code format is correct.</source>
            <translation>代码格式正确。</translation>
        </message>
        <message>
            <source>{count} entered: a unified social credit code has 18 characters, a taxpayer id 15 to 20.</source>
            <translation>已输入 {count} 位：统一社会信用代码为 18 位，纳税人识别号为 15 至 20 位。</translation>
        </message>
        <message>
            <source>Not a valid code: check it against the business licence or the tax registration certificate.</source>
            <translation>代码无效：请对照营业执照或税务登记证核对。</translation>
        </message>
    </context>
    <context>
        <name>EnterpriseEntry</name>
        <message>
            <source>Enterprise services</source>
            <translation>企业业务</translation>
        </message>
    </context>
    <context>
        <name>EnterpriseEntryJourney</name>
        <message>
            <source>Confirming…</source>
            <translation>正在确认…</translation>
        </message>
        <message>
            <source>Refusing the authorization…</source>
            <translation>正在拒绝授权…</translation>
        </message>
    </context>
    <context>
        <name>EntryFaceScreen</name>
        <message>
            <source>Stand in front of the camera, alone, and follow the instruction under the picture. Your face confirms the authorization; only a code of your face is sent, never the picture. Tap Back to return to the authorization.</source>
            <translation>请独自站在摄像头前，按画面下方的提示操作。刷脸通过即确认授权；只发送人脸特征码，从不发送照片。点击“返回”可回到待确认授权。</translation>
        </message>
        <message>
            <source>To confirm the authorization, look at the camera and follow the instruction under the picture. The check runs by itself.</source>
            <translation>确认授权：请看向摄像头，按画面下方的提示操作。验证将自动进行。</translation>
        </message>
    </context>
    <context>
        <name>NoRoleScreen</name>
        <message>
            <source>Continue with personal business</source>
            <translation>继续办理个人业务</translation>
        </message>
        <message>
            <source>Log out</source>
            <translation>退出登录</translation>
        </message>
        <message>
            <source>No role in this enterprise</source>
            <translation>您在该企业暂无身份</translation>
        </message>
        <message>
            <source>You hold no role in this enterprise now. Personal business is open to you with this login; for the enterprise, its legal representative or finance head can add you as a tax handler.</source>
            <translation>您目前在该企业没有任何身份。本次登录可继续办理个人业务；如需为该企业办理业务，请联系企业的法定代表人或财务负责人将您添加为办税人员。</translation>
        </message>
        <message>
            <source>You now hold no role in {enterprise}, so you cannot act for it. You can go on with your personal business, or log out.</source>
            <translation>您目前在{enterprise}没有任何身份，不能为其办理业务。您可以继续办理个人业务，或退出登录。</translation>
        </message>
    </context>
    <context>
        <name>PendingScreen</name>
        <message>
            <source>A finance head authorization can only be confirmed, not refused. If you dispute it, please go to the service desk in the hall.</source>
            <translation>财务负责人的授权只能确认，不能拒绝。如有异议，请到办税服务厅办理。</translation>
        </message>
        <message>
            <source>Also waiting for you: {roles}</source>
            <translation>另有待确认：{roles}</translation>
        </message>
        <message>
            <source>Confirm</source>
            <translation>确认授权</translation>
        </message>
        <message>
            <source>Confirming needs a face check, and this terminal has no camera for it. Confirm at a terminal with a camera, or in the account center of the e-tax bureau.</source>
            <translation>确认授权需要刷脸认证，本终端没有可用的摄像头。请到有摄像头的终端确认，或在电子税务局的账户中心确认。</translation>
        </message>
        <message>
            <source>Enterprise: {enterprise}</source>
            <translation>企业：{enterprise}</translation>
        </message>
        <message>
            <source>Keep it pending</source>
            <translation>暂不处理</translation>
        </message>
        <message>
            <source>Not now</source>
            <translation>暂不确认</translation>
        </message>
        <message>
            <source>Not now, log out</source>
            <translation>暂不确认，退出登录</translation>
        </message>
        <message>
            <source>Pending authorization</source>
            <translation>待确认授权</translation>
        </message>
        <message>
            <source>Refuse</source>
            <translation>拒绝</translation>
        </message>
        <message>
            <source>Refuse the authorization</source>
            <translation>拒绝授权</translation>
        </message>
        <message>
            <source>Refuse this authorization?</source>
            <translation>拒绝这项授权？</translation>
        </message>
        <message>
            <source>The authorization as {role} of {enterprise} ends: you will not act for the enterprise in this role. Only the enterprise can name you again.</source>
            <translation>您作为{enterprise}{role}的授权将解除，您将不能以该身份为企业办理业务。只有企业可以重新添加您。</translation>
        </message>
        <message>
            <source>The enterprise has named you in a role, and it waits for your confirmation (two-way confirmation protects you from being named without knowing). Confirm it to act for the enterprise in that role; unless you logged in by face, a face check confirms it. A tax handler named by the tax authority's system may refuse; a finance head cannot refuse, and goes to the hall desk to dispute it. Not now leaves it pending: confirm it at your next login or in the account center under pending authorizations.</source>
            <translation>企业已为您设定了一个身份，正等待您确认（双向确认，以防止“被财务”“被员工”）。确认后即可以该身份为企业办理业务；除以刷脸方式登录外，确认时需刷脸认证。税务机关系统登记的办税员可以拒绝；财务负责人不能拒绝，如有异议请到办税服务厅办理。选择“暂不确认”则授权保持待确认：可在下次登录时或在账户中心【待确认授权】中确认。</translation>
        </message>
        <message>
            <source>The enterprise has named you its {role}. Do you confirm?</source>
            <translation>该企业已将您设为{role}，是否确认？</translation>
        </message>
        <message>
            <source>You confirm with a face check at the camera, next.</source>
            <translation>下一步请在摄像头前刷脸确认。</translation>
        </message>
        <message>
            <source>You logged in by face: confirming needs no second face check.</source>
            <translation>您已通过刷脸登录，确认授权无需再次刷脸。</translation>
        </message>
    </context>
    <context>
        <name>RoleChoiceScreen</name>
        <message>
            <source>Choose your role</source>
            <translation>请选择您的身份</translation>
        </message>
        <message>
            <source>Enterprise: {enterprise}</source>
            <translation>企业：{enterprise}</translation>
        </message>
        <message>
            <source>You can switch to another role later without logging in again.</source>
            <translation>登录后可在身份切换中更换身份，无需重新登录。</translation>
        </message>
        <message>
            <source>You hold more than one role in this enterprise. Tap the one you act in now; what you may do depends on it. After login you can switch to another role, or to another related enterprise, without logging in again.</source>
            <translation>您在该企业有多个身份。请点击本次要使用的身份，可办理的业务取决于所选身份。登录后可切换为其他身份或其他关联企业，无需重新登录。</translation>
        </message>
    </context>
<context>
    <name>AddPersonScreen</name>
        <message>
            <source>Manage people</source>
            <translation>人员权限管理</translation>
        </message>
        <message>
            <source>Tap the type of the person&apos;s document, enter its number with the keypad and their name as printed on it, choose the role, then tap Add (Back chooses another document type). The person must have registered as a natural person first; they then confirm the authorization at their next login.</source>
            <translation>点击对方的证件类型，用数字键盘输入证件号码，并按证件填写对方姓名，选择身份后点击“添加”（点击“返回”可重新选择证件类型）。对方须已在自然人业务中注册；添加后，对方在下次登录时确认授权。</translation>
        </message>
        <message>
            <source>Only a registered person can be added; they confirm at their next login.</source>
            <translation>只能添加已注册的人员；对方在下次登录时确认。</translation>
        </message>
        <message>
            <source>Their name (Latin letters, as in the document)</source>
            <translation>对方姓名（拉丁字母，与证件一致）</translation>
        </message>
        <message>
            <source>For example ZHANG SAN or SMITH JOHN</source>
            <translation>例如 ZHANG SAN 或 SMITH JOHN</translation>
        </message>
        <message>
            <source>Their name (as on the document)</source>
            <translation>对方姓名（与证件一致）</translation>
        </message>
        <message>
            <source>Chinese characters: type Pinyin, then choose</source>
            <translation>汉字：输入拼音后选择</translation>
        </message>
        <message>
            <source>Role:</source>
            <translation>身份：</translation>
        </message>
        <message>
            <source>{type} number</source>
            <translation>{type}号码</translation>
        </message>
        <message>
            <source>Add</source>
            <translation>添加</translation>
        </message>
</context>
<context>
    <name>MemberCard</name>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Withdraw</source>
            <translation>撤回</translation>
        </message>
        <message>
            <source>Approve</source>
            <translation>同意</translation>
        </message>
        <message>
            <source>Decline</source>
            <translation>拒绝</translation>
        </message>
</context>
<context>
    <name>NotAllowedScreen</name>
        <message>
            <source>Manage people</source>
            <translation>人员权限管理</translation>
        </message>
        <message>
            <source>Only the enterprise&apos;s legal representative and finance head may add or delete tax handlers and invoicers through the account center. Ask one of them, or go to the tax hall.</source>
            <translation>仅企业的法定代表人、财务负责人可以通过账户中心添加或删除办税员、开票员。请联系他们办理，或到办税服务厅办理。</translation>
        </message>
        <message>
            <source>Your current role cannot manage people</source>
            <translation>您当前的身份不能管理人员</translation>
        </message>
        <message>
            <source>You act for {enterprise} as {role}.</source>
            <translation>您当前以{role}身份办理{enterprise}的业务。</translation>
        </message>
        <message>
            <source>If you are also this enterprise&apos;s legal representative or finance head, use Switch identity on the services page to act in that role, then open Manage people again. To leave the enterprise yourself, use Enterprise authorizations.</source>
            <translation>如果您同时是本企业的法定代表人或财务负责人，请在业务页面点击“身份切换”切换到该身份，再打开“人员权限管理”。如需本人退出该企业，请使用“企业授权管理”。</translation>
        </message>
        <message>
            <source>Back to services</source>
            <translation>返回业务页面</translation>
        </message>
</context>
<context>
    <name>PeopleJourney</name>
        <message>
            <source>Loading the enterprise&apos;s people…</source>
            <translation>正在读取企业人员…</translation>
        </message>
        <message>
            <source>Adding…</source>
            <translation>正在添加…</translation>
        </message>
        <message>
            <source>Deleting…</source>
            <translation>正在删除…</translation>
        </message>
        <message>
            <source>Withdrawing…</source>
            <translation>正在撤回…</translation>
        </message>
        <message>
            <source>Approving…</source>
            <translation>正在同意…</translation>
        </message>
        <message>
            <source>Declining…</source>
            <translation>正在拒绝…</translation>
        </message>
        <message>
            <source>Added as {role}, waiting for the person to confirm: they see the pending authorization at their next login.</source>
            <translation>已添加为{role}，待对方确认：对方下次登录时会看到这条待确认授权。</translation>
        </message>
        <message>
            <source>The addition was withdrawn.</source>
            <translation>已撤回该添加。</translation>
        </message>
        <message>
            <source>Deleted: the person no longer acts for the enterprise; they are told at their next login.</source>
            <translation>已删除：该人员不再为本企业办税，对方下次登录时会收到通知。</translation>
        </message>
        <message>
            <source>Approved: the person now acts for the enterprise in that role.</source>
            <translation>已同意：该人员现在可以以该身份为本企业办税。</translation>
        </message>
        <message>
            <source>Declined: the person is told at their next login.</source>
            <translation>已拒绝：对方下次登录时会收到通知。</translation>
        </message>
</context>
<context>
    <name>PeopleListScreen</name>
        <message>
            <source>Delete this person from the enterprise?</source>
            <translation>确定删除该办税人员吗？</translation>
        </message>
        <message>
            <source>Keep</source>
            <translation>保留</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Manage people</source>
            <translation>人员权限管理</translation>
        </message>
        <message>
            <source>The legal representative and the finance head manage who acts for the enterprise. Add a person: they must have registered, and they confirm the authorization themselves at their next login (two-way confirmation). Withdraw takes back an addition not yet confirmed; one made at the tax hall can only be withdrawn at the hall. Delete ends a current handler&apos;s or invoicer&apos;s authorization, including one added at the hall. Applications from people wait for your approval.</source>
            <translation>法定代表人和财务负责人管理为本企业办税的人员。添加人员：对方须已注册，并在下次登录时亲自确认授权（双向确认）。撤回：收回对方尚未确认的添加；在办税服务厅添加的只能到大厅撤回。删除：终止现有办税员或开票员的授权，包括在大厅添加的。人员提交的授权申请等待您同意或拒绝。</translation>
        </message>
        <message>
            <source>Enterprise: {enterprise}</source>
            <translation>企业：{enterprise}</translation>
        </message>
        <message>
            <source>Current tax handlers</source>
            <translation>现有办税人员</translation>
        </message>
        <message>
            <source>No one is authorized yet.</source>
            <translation>暂无已授权人员。</translation>
        </message>
        <message>
            <source>Applications from people</source>
            <translation>人员授权申请</translation>
        </message>
        <message>
            <source>No application waits for a decision.</source>
            <translation>暂无待审核的申请。</translation>
        </message>
        <message>
            <source>Added, waiting for the person to confirm</source>
            <translation>已添加，待对方确认</translation>
        </message>
        <message>
            <source>No addition is waiting.</source>
            <translation>暂无待对方确认的添加。</translation>
        </message>
        <message>
            <source>Add a tax handler</source>
            <translation>添加办税人员</translation>
        </message>
        <message>
            <source>{who} will no longer act for this enterprise as {role}: the authorization ends now, and they are told at their next login. To have them back, add them again and they confirm again.</source>
            <translation>{who}将不再以{role}身份为本企业办税：授权立即终止，对方下次登录时会收到通知。如需恢复，须重新添加并由对方再次确认。</translation>
        </message>
</context>
<context>
    <name>PeopleTexts</name>
        <message>
            <source>(not registered)</source>
            <translation>（未注册）</translation>
        </message>
        <message>
            <source>applied themselves</source>
            <translation>本人申请</translation>
        </message>
        <message>
            <source>since {day}</source>
            <translation>{day} 起</translation>
        </message>
        <message>
            <source>asked {day}</source>
            <translation>{day} 提出</translation>
        </message>
</context>
    <context>
        <name>ApplyScreen</name>
        <message>
            <source>Enterprise authorizations</source>
            <translation>企业授权管理</translation>
        </message>
        <message>
            <source>Enter the enterprise's unified social credit code (18 characters) or its taxpayer id with the keypad, choose the role you ask for, and tap Submit. The enterprise's legal representative or finance head decides; you are told at your next login. Until then you can withdraw the application; it stays in your list.</source>
            <translation>请用键盘输入企业的统一社会信用代码（18 位）或纳税人识别号，选择申请的身份，然后点击“提交申请”。由该企业的法定代表人或财务负责人审核，结果将在您下次登录时告知。审核前您可以撤回申请，撤回的申请记录仍保留在列表中。</translation>
        </message>
        <message>
            <source>Apply for authorization</source>
            <translation>申请企业授权</translation>
        </message>
        <message>
            <source>Enterprise code (unified social credit code / taxpayer id)</source>
            <translation>企业代码（统一社会信用代码 / 纳税人识别号）</translation>
        </message>
        <message>
            <source>18 characters, or 15 to 20 for a taxpayer id: digits and capital letters</source>
            <translation>18 位，纳税人识别号为 15 至 20 位：数字和大写字母</translation>
        </message>
        <message>
            <source>The role you ask for</source>
            <translation>申请的身份</translation>
        </message>
        <message>
            <source>Apply with care: the enterprise's legal representative or finance head decides. You can withdraw the application until then; it stays in your list.</source>
            <translation>请在申请授权时谨慎操作：由企业的法定代表人或财务负责人审核。审核前可以撤回申请，撤回后仍可以看到申请记录。</translation>
        </message>
        <message>
            <source>Submit application</source>
            <translation>提交申请</translation>
        </message>
    </context>
    <context>
        <name>LoginEndedScreen</name>
        <message>
            <source>Enterprise authorizations</source>
            <translation>企业授权管理</translation>
        </message>
        <message>
            <source>The authorization is deleted. This login acted in it, so it has ended: log in again to go on, for personal business or another enterprise.</source>
            <translation>授权已删除。本次登录使用的正是该身份，因此已结束：如需继续办理个人业务或其他企业的业务，请重新登录。</translation>
        </message>
        <message>
            <source>Authorization deleted</source>
            <translation>授权已删除</translation>
        </message>
        <message>
            <source>You no longer act for {enterprise} as {role}. This login acted in that role, so it has ended. Log in again to go on.</source>
            <translation>您已不再以{role}身份为{enterprise}办理业务。本次登录使用的正是该身份，因此已结束。如需继续，请重新登录。</translation>
        </message>
        <message>
            <source>Finish</source>
            <translation>完成</translation>
        </message>
    </context>
    <context>
        <name>RelationFaceScreen</name>
        <message>
            <source>Enterprise authorizations</source>
            <translation>企业授权管理</translation>
        </message>
        <message>
            <source>Stand in front of the camera, alone, and follow the instruction under the picture. Your face confirms the authorization; only a code of your face is sent, never the picture. Tap Back to return to the list without confirming.</source>
            <translation>请单独站在摄像头前，按画面下方的提示操作。刷脸用于确认授权；只发送人脸特征码，不发送照片。点击“返回”可回到列表，不做确认。</translation>
        </message>
        <message>
            <source>To confirm {relation}, look at the camera and follow the instruction under the picture. The check runs by itself.</source>
            <translation>确认授权：{relation}。请看向摄像头，按画面下方的提示操作，验证将自动进行。</translation>
        </message>
    </context>
    <context>
        <name>RelationQuestionScreen</name>
        <message>
            <source>Enterprise authorizations</source>
            <translation>企业授权管理</translation>
        </message>
        <message>
            <source>Read what happens, then tap the button at the bottom right to go ahead, or Back to leave everything as it is.</source>
            <translation>请阅读操作的后果，然后点击右下角的按钮继续；点击“返回”则不做任何更改。</translation>
        </message>
        <message>
            <source>Confirm</source>
            <translation>确认</translation>
        </message>
        <message>
            <source>Refuse this authorization?</source>
            <translation>拒绝该授权？</translation>
        </message>
        <message>
            <source>The authorization as {role} of {enterprise} ends: you will not act for the enterprise in this role. Only the enterprise can name you again.</source>
            <translation>您在{enterprise}的{role}授权将终止，您将不能以该身份为该企业办理业务。只有企业可以重新添加您。</translation>
        </message>
        <message>
            <source>Refuse the authorization</source>
            <translation>拒绝授权</translation>
        </message>
        <message>
            <source>Withdraw this application?</source>
            <translation>撤回该申请？</translation>
        </message>
        <message>
            <source>{enterprise} will no longer decide on your application as {role}. The withdrawn application stays in your list; to ask again, apply again.</source>
            <translation>{enterprise}将不再审核您的{role}申请。撤回后仍可以在列表中看到申请记录；如需授权，请重新申请。</translation>
        </message>
        <message>
            <source>Withdraw the application</source>
            <translation>撤回申请</translation>
        </message>
        <message>
            <source>Delete this authorization?</source>
            <translation>删除该授权？</translation>
        </message>
        <message>
            <source>You will no longer act for {enterprise} as {role}: its tax business is closed to you in this role, and the enterprise is told. To act for it again, the enterprise must add you again, or you apply and it approves.</source>
            <translation>您将不再以{role}身份为{enterprise}办理业务，该企业将收到通知。如需再次为该企业办理，须由企业重新添加您，或由您申请并经企业审核同意。</translation>
        </message>
        <message>
            <source>Delete the authorization</source>
            <translation>删除授权</translation>
        </message>
        <message>
            <source>You are logged in acting in this role: deleting it also ends this login.</source>
            <translation>您当前正以该身份登录：删除后本次登录也将结束。</translation>
        </message>
    </context>
    <context>
        <name>RelationTexts</name>
        <message>
            <source>{name}, for the enterprise</source>
            <translation>{name}（代表企业）</translation>
        </message>
        <message>
            <source>the tax hall counter</source>
            <translation>办税服务厅</translation>
        </message>
        <message>
            <source>the enterprise, in its account center</source>
            <translation>企业（账户中心）</translation>
        </message>
        <message>
            <source>the registration data</source>
            <translation>登记信息</translation>
        </message>
        <message>
            <source>the tax registration data</source>
            <translation>税务登记信息</translation>
        </message>
        <message>
            <source>the core tax system</source>
            <translation>核心征管系统</translation>
        </message>
        <message>
            <source>the enterprise</source>
            <translation>企业</translation>
        </message>
        <message>
            <source>{enterprise} · {role}</source>
            <translation>{enterprise} · {role}</translation>
        </message>
    </context>
    <context>
        <name>RelationsJourney</name>
        <message>
            <source>Loading your enterprises…</source>
            <translation>正在读取您的关联企业…</translation>
        </message>
        <message>
            <source>Reading the latest registration data…</source>
            <translation>正在同步最新的登记信息…</translation>
        </message>
        <message>
            <source>Confirming…</source>
            <translation>正在确认…</translation>
        </message>
        <message>
            <source>Checking your face…</source>
            <translation>正在验证人脸…</translation>
        </message>
        <message>
            <source>Refusing…</source>
            <translation>正在拒绝…</translation>
        </message>
        <message>
            <source>Withdrawing…</source>
            <translation>正在撤回…</translation>
        </message>
        <message>
            <source>Deleting…</source>
            <translation>正在删除…</translation>
        </message>
        <message>
            <source>Sending your application…</source>
            <translation>正在提交申请…</translation>
        </message>
    </context>
    <context>
        <name>RelationsScreen</name>
        <message>
            <source>Enterprise authorizations</source>
            <translation>企业授权管理</translation>
        </message>
        <message>
            <source>Pending authorizations: an enterprise, the registration data or the tax system named you in a role; confirm it (with a face check unless you logged in by face) or refuse it. A finance head cannot refuse: if it is wrong, go to the service desk in the hall. Applications: ask an enterprise for a tax handler or invoicer role; a mistaken application can be withdrawn and stays listed. Authorized enterprises: your roles and since when; Delete ends a tax handler or invoicer role; Sync data reads the latest registration data.</source>
            <translation>待确认授权：企业、登记信息或税务系统将您登记为某一身份，请确认（以人脸识别方式登录的无需再次刷脸，否则需刷脸）或拒绝；财务负责人不能拒绝，如有异议请到办税服务厅办理。申请企业授权：向企业申请办税员或开票员身份；申请有误可以撤回，撤回后仍可以看到申请记录。已授权企业：您的身份及授权时间；“删除”可解除办税员或开票员身份；“同步数据”读取最新的登记信息。</translation>
        </message>
        <message>
            <source>Pending authorizations ({count})</source>
            <translation>待确认授权（{count}）</translation>
        </message>
        <message>
            <source>Pending authorizations</source>
            <translation>待确认授权</translation>
        </message>
        <message>
            <source>Apply for authorization</source>
            <translation>申请企业授权</translation>
        </message>
        <message>
            <source>Authorized enterprises</source>
            <translation>已授权企业</translation>
        </message>
        <message>
            <source>Your applications</source>
            <translation>我的申请</translation>
        </message>
        <message>
            <source>You were named in a role for an enterprise. Confirm it to act for the enterprise in that role, or refuse it if it is not yours.</source>
            <translation>您被登记为企业的某一身份。确认后即可以该身份为企业办理业务；如与您无关，可以拒绝。</translation>
        </message>
        <message>
            <source>Ask an enterprise for a tax handler or invoicer role; its legal representative or finance head decides. Apply with care: a mistaken application can be withdrawn, and it stays listed.</source>
            <translation>向企业申请办税员或开票员身份，由企业的法定代表人或财务负责人审核。请在申请授权时谨慎操作：申请有误可以撤回，撤回后仍可以看到申请记录。</translation>
        </message>
        <message>
            <source>The enterprises you act for, your role in each and since when.</source>
            <translation>您可以为之办理业务的企业、您在各企业的身份及授权时间。</translation>
        </message>
        <message>
            <source>No authorization is waiting for your confirmation.</source>
            <translation>没有待您确认的授权。</translation>
        </message>
        <message>
            <source>You have not applied to an enterprise. Tap Apply to ask one for a role.</source>
            <translation>您还没有申请企业授权。点击“申请”向企业申请身份。</translation>
        </message>
        <message>
            <source>No relation with an enterprise was found. Tap Sync data to read the latest registration data; if there is still none, ask the enterprise's legal representative or finance head to add you as a tax handler.</source>
            <translation>未查询到您与企业的关联关系信息。请点击“同步数据”读取最新的登记信息；如仍没有，请联系该企业的法定代表人或财务负责人将您添加为办税人员。</translation>
        </message>
        <message>
            <source>Apply</source>
            <translation>申请</translation>
        </message>
        <message>
            <source>Sync data</source>
            <translation>同步数据</translation>
        </message>
        <message>
            <source>Confirming needs a face check, and this terminal has no camera for it. Confirm at a terminal with a camera, or in the e-tax bureau's account center.</source>
            <translation>确认授权需要刷脸，本终端没有可用的摄像头。请到有摄像头的终端确认，或在电子税务局账户中心确认。</translation>
        </message>
        <message>
            <source>Confirming takes a face check at the camera.</source>
            <translation>确认授权时需在摄像头前刷脸。</translation>
        </message>
        <message>
            <source>You logged in by face: confirming needs no second face check.</source>
            <translation>您以人脸识别方式登录，确认授权无需再次刷脸。</translation>
        </message>
        <message>
            <source>Missing an enterprise or a role? Sync data reads the latest registration data.</source>
            <translation>企业或身份未列出？点击“同步数据”读取最新的登记信息。</translation>
        </message>
        <message>
            <source>A legal representative or finance head follows the registration data and cannot be deleted here: to change it, go to the tax hall.</source>
            <translation>法定代表人、财务负责人以登记信息为准，不能在此删除；如需变更，请到办税服务厅办理。</translation>
        </message>
        <message>
            <source>{role} · asked by {who} · {when}</source>
            <translation>{role} · 发起方：{who} · {when}</translation>
        </message>
        <message>
            <source>A finance head authorization can only be confirmed, not refused. If it is wrong, please go to the service desk in the hall.</source>
            <translation>财务负责人的授权只能确认，不能拒绝。如有异议，请到办税服务厅办理。</translation>
        </message>
        <message>
            <source>{role} · {state} · applied {when}</source>
            <translation>{role} · {state} · 申请于 {when}</translation>
        </message>
        <message>
            <source>{role} · since {when}</source>
            <translation>{role} · 授权于 {when}</translation>
        </message>
        <message>
            <source>Confirm</source>
            <translation>确认</translation>
        </message>
        <message>
            <source>Refuse</source>
            <translation>拒绝</translation>
        </message>
        <message>
            <source>Withdraw</source>
            <translation>撤回</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Synced: this is the latest registration data.</source>
            <translation>同步完成，以下为最新的登记信息。</translation>
        </message>
        <message>
            <source>Confirmed: you now act for {relation}.</source>
            <translation>已确认：{relation}。您现在可以该身份办理业务。</translation>
        </message>
        <message>
            <source>Refused: {relation} is not yours.</source>
            <translation>已拒绝：{relation}。</translation>
        </message>
        <message>
            <source>Applied: {relation}. The enterprise's legal representative or finance head decides; you are told at your next login.</source>
            <translation>已申请：{relation}。由企业的法定代表人或财务负责人审核，结果将在您下次登录时告知。</translation>
        </message>
        <message>
            <source>Withdrawn: {relation}. The record stays in the list.</source>
            <translation>已撤回：{relation}。申请记录仍保留在列表中。</translation>
        </message>
        <message>
            <source>Deleted: you no longer act for {relation}.</source>
            <translation>已删除：{relation}。您不再以该身份办理业务。</translation>
        </message>
    </context>
</TS>
