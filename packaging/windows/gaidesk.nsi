; gaidesk installer for Windows (NSIS 3, Unicode). Per user, no admin rights, Chinese throughout.
;
;   makensis -DVERSION=X.Y.Z -DSRCDIR=dist\gaidesk -DOUTFILE=dist\gaidesk-X.Y.Z-setup.exe
;            packaging\windows\gaidesk.nsi
;
; The program goes to %LOCALAPPDATA%\Programs\gaidesk. Drafts never live there: they are in the
; per-user data folder (%LOCALAPPDATA%\gaidesk), which neither an upgrade nor the uninstaller
; touches. An upgrade installs over the old version in place (old program files are replaced,
; settings and drafts stay).

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
!ifdef CHECK_ONLY
  ; packaging/build.sh on Linux only checks that the script compiles: skip the slow compression.
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

!ifndef VERSION
  !error "pass -DVERSION=x.y.z (packaging/build.sh takes it from gaidesk.__version__)"
!endif
!ifndef SRCDIR
  !error "pass -DSRCDIR=<the PyInstaller onedir folder holding gaidesk.exe and _internal>"
!endif
!ifndef OUTFILE
  !define OUTFILE "gaidesk-${VERSION}-setup.exe"
!endif
!ifndef ICON
  !define ICON "..\..\resources\gaidesk.ico"
!endif

!define APPNAME "gaidesk"
!define DISPLAYNAME "gaidesk 政府信息公开年报助手"
!define SHORTCUT "政府信息公开年报助手"
!define PROGID "gaidesk.draft"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\gaidesk"
!define EXE "gaidesk.exe"
!ifndef EXE_SRC
  !define EXE_SRC "${SRCDIR}\${EXE}"
!endif

Name "${DISPLAYNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\gaidesk"
InstallDirRegKey HKCU "Software\gaidesk" "InstallDir"
BrandingText "${DISPLAYNAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${DISPLAYNAME}"
VIAddVersionKey /LANG=2052 "FileDescription" "${DISPLAYNAME} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "gaidesk"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "WinVer.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TITLE "欢迎安装 ${DISPLAYNAME}"
!define MUI_WELCOMEPAGE_TEXT "本程序帮助您填写、检查、保存和打印《政府信息公开工作年度报告》。$\r$\n$\r$\n安装只用于当前用户，不需要管理员权限，也不需要联网。$\r$\n$\r$\n已填写的报告草稿保存在您的个人数据文件夹中，升级或卸载本程序都不会删除它们。$\r$\n$\r$\n点击「下一步」继续。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "立即打开 ${SHORTCUT}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "将从您的电脑上删除 ${DISPLAYNAME} 程序。$\r$\n您的报告草稿（保存在 $LOCALAPPDATA\gaidesk）不会被删除。"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

; A running gaidesk holds its files open and would leave a half-replaced program; it holds the
; named mutex "gaidesk-running" (gaidesk.gui.app.RUNNING_MUTEX) while it runs.
!macro CloseGaideskFirst
  gaidesk_check:
  System::Call 'kernel32::OpenMutexW(i 0x00100000, i 0, w "gaidesk-running") p .r0'
  ${If} $0 P<> 0
    System::Call 'kernel32::CloseHandle(p r0)'
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "gaidesk 正在运行。请先关闭它（报告都已自动保存），再点“重试”。" IDRETRY gaidesk_check
    Abort
  ${EndIf}
!macroend

Function .onInit
  SetShellVarContext current
  ; Qt 6 needs Windows 10 1809 (build 17763) or later: on Windows 7/8/8.1 the program would not
  ; start at all, so the installer says why instead of installing it.
  ${IfNot} ${AtLeastBuild} 17763
    MessageBox MB_OK|MB_ICONSTOP "本程序需要 Windows 10（1809 或更新版本）或 Windows 11。$\r$\n这台电脑的 Windows 版本过旧（例如 Windows 7），程序无法运行，安装已取消。" /SD IDOK
    Abort
  ${EndIf}
  !insertmacro CloseGaideskFirst
FunctionEnd

Function un.onInit
  SetShellVarContext current
  !insertmacro CloseGaideskFirst
FunctionEnd

Section "gaidesk" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; Upgrade in place: remove the old program files (only ours; drafts are not in this folder).
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  File "/oname=${EXE}" "${EXE_SRC}"
  SetOutPath "$INSTDIR\_internal"
  File /r "${SRCDIR}\_internal\*.*"
  SetOutPath "$INSTDIR"

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\gaidesk" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "Software\gaidesk" "Version" "${VERSION}"

  ; Shortcuts: Start menu and desktop.
  CreateShortcut "$SMPROGRAMS\${SHORTCUT}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
  CreateShortcut "$DESKTOP\${SHORTCUT}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  ; .gaidesk files open in gaidesk (per user: HKCU\Software\Classes).
  WriteRegStr HKCU "Software\Classes\.gaidesk" "" "${PROGID}"
  WriteRegStr HKCU "Software\Classes\.gaidesk" "Content Type" "application/x-gaidesk"
  WriteRegStr HKCU "Software\Classes\${PROGID}" "" "政府信息公开年报草稿"
  WriteRegStr HKCU "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\${EXE},0"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\${EXE}" "%1"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  ; Apps & features entry (per user).
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${DISPLAYNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\${EXE}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "gaidesk"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" "$0"
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  ; Only the program: the data folder with the drafts ($LOCALAPPDATA\gaidesk) is never touched.
  Delete "$INSTDIR\${EXE}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\${SHORTCUT}.lnk"
  Delete "$DESKTOP\${SHORTCUT}.lnk"

  ReadRegStr $0 HKCU "Software\Classes\.gaidesk" ""
  StrCmp $0 "${PROGID}" 0 +2
    DeleteRegKey HKCU "Software\Classes\.gaidesk"
  DeleteRegKey HKCU "Software\Classes\${PROGID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKCU "Software\gaidesk"
SectionEnd
