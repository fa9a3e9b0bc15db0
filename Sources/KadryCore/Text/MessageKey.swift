/// Every message Kadry's libraries say, by key; the words are in
/// `Messages+pl.swift` and `Messages+en.swift` (a test checks both have every
/// key with the same placeholders).
public enum MessageKey: String, Sendable, CaseIterable {
    /// Text not yet moved into the tables: shown as it is, in every language.
    case verbatim

    // Hires (`Register.hire`).
    case hireNotApproved, hireAlreadyRecorded, hireInFuture, hireBeforeRun, hireBeforeAvailable, hireBeforeNeedStart

    // Retention answers.
    case employed, notEmployed, retentionMonths, retentionNoHire, retentionNotDue, retentionAlreadyRecorded, retentionCorrectionOfNothing

    // Re-imports that would break decisions already taken.
    case proposalSuperseded, positionsBelowApproved, ownerChangeRefused

    // Closing and deleting records.
    case closeReasonUnknown, alreadyClosed, notClosed, closeHasApproved, deleteReferenced, deleteReferencedNoClose, recordMissing
    case closeFilledElsewhere, closeCancelled, closeLeftProgramme, closeEmployedElsewhere, closeOther
    case kindInstitution, kindCooperative, kindParticipant, kindProgramme, kindNeed
    case kindsInstitutions, kindsCooperatives, kindsParticipants, kindsProgrammes, kindsNeeds
    case referredByProposals, referredByRuns, referredByParticipants, referredByNeeds

    // Spreadsheets: encodings, headers, rows, vocabularies.
    case encodingAmbiguous, encodingMisread, columnMissing, columnsFoundHeader, duplicateIDLine
    case unknownValue, unknownValueSuggest
    case dateTimeNotMidnight, cellColumnTwice, cellIgnoredColumns, cellRequiredEmpty, cellProblem, cellNoHeader
    case cellNotNumber, cellNotWholeNumber, cellNotDate, cellNotFlag, cellNotEducation, cellNotCredential, cellCredentialDate
    // `kadry why`: the newest run's word on a participant or need.
    case whyNoRun, whyHeader, whyProposalForParticipant, whyProposalOnNeed, whyViaProgramme, whyOpen, whyNothing
    case whyClosed, whyPlacedEarlier, whyNeedFilled, whyAddedAfter, whyUnknownRecord
    case statusProposed, statusApproved, statusRejected, statusDeferred, statusSuperseded

    // The command line's own words.
    case cliProblems, cliMoreProblems, cliNote, cliImported, cliImportedDryRun, cliInitNew, cliInitExisting
    case cliDeleted, cliClosed, cliReopened, cliRunSummary, cliRunProven, cliRunGap, cliRunNext
    case cliNoProposals, cliProposalLine, cliRouteDirect, cliRouteVia, cliHiredOn, cliReference, cliScoreLine
    case cliDecided, cliWithdrawn, cliHired, cliRetention
    case cliStatusRegister, cliStatusRun, cliStatusNoRun, cliStatusNothing
    case cliStatusEnding, cliStatusEndingLine, cliStatusWaiting, cliStatusWaitingLine, cliStatusRetention, cliStatusRetentionLine
    case cliStatusStarting, cliStatusStartingLine, cliCannotRead, cliCannotWrite, cliExported

    // The HTTP service's refusals.
    case apiBusy, apiWrongRole, apiThrottled, apiNoToken, apiBadAuthorization, apiBadToken, apiRegisterBusy, apiInternal
    case apiNotYourOrganisation, apiMissingField, apiNoRecord

    // The reader's rules (instances, imports, API bodies).
    case readerMissingField, readerNotString, readerEmpty, readerNotDate, readerNotCalendarDate, readerNotNumber, readerNotInteger
    case readerTooManyDigits, readerOverLimit, readerOutOfRange, readerNotBool, readerNotList, readerNotListPlain, readerNotObject
    case readerNotLocation, readerNotLatitude, readerNotLongitude, readerNotEducation, readerDuplicateID, readerNotCredentialForm
    case readerNotCredentialCode, readerUnknownCredential, readerUnknownCredentialAnywhere, readerNotInstitution, readerNotCooperative
    case readerEndBeforeStart, readerNotClause, readerNotClauses, importNotInstitutionInRegister, importNotCooperativeInRegister

    // kadry catalog, explain and whatif.
    case catServices, catNoQualification, catAccepts, catCredentials, catValidity, catCorrection, catShowOne, catCompetencies, catEducation, catAccepted, catNoneRequired, catOneOf, catAndOneOf, catNoService, expParticipant, expBeyond, expNeed, expVia, expDirect, expPasses, expFails, expRule, expUnrelated, expFarAway, expNoParticipant, expNoNeed, wiChanges, wiSeats, wiLock, wiKept, wiNotKept, wiNoPosition, wiForbidden, wiResult, wiScore, wiFilled, wiTrained, wiNotProven, wiGained, wiLost, wiVia, wiDirectTag

    // kadry solve's summary and progress, certify, tokens, serve.
    case sumLine, sumProven, sumProvenCertified, sumBound, sumCertifiedTag, sumGapUnknown, phaseReading, phaseRoutes, phaseSearch, phaseReasons, phaseWriting, phaseInAll, progressParts, progressLine, certNoCertificate, certNoBound, certProvesLess, certProven, tokIssued, tokRotated, tokNone, tokLine, tokUntil, tokRevokedAt, tokRevoked, srvListening, srvStopped, srvConnections, srvBadLimits

    // The web pages.
    case pageSkip, pageNav, pageLogout, pageAccessibility, pageLoginTitle, pageLogin, pagePassword, pageLogIn, pageLoginFailed, pageThrottled, pageStartTitle, pageNothing, pageStartSummary, pageRoleInstitution, pageRoleCooperative, pageRoleCommittee, pageBadForm, pageBadFormMessage, pageCsrf, pageCsrfMessage, pageBackToLogin, pageBackToStart, pageRetentionLine, pageStatementTitle, pageStatement1, pageStatement2, pageStatement3

    // kadry user.
    case userAdded, userNone, userLine, userDisabledAt, userDisabled, userPasswordReset

    // Accounts.
    case accountBadLogin, accountLoginTaken, accountNoOrganisation, accountOtherCommittee, accountMissing

    case demoServeHeader, demoServeOpen

    case pageProposalsWaiting, pageProposalLine, pageProposalForCooperative, pageMore

    case pageStart, pageQuarter, pageQuarterHint, pageShow, pageDownloadMarkdown, pageDownloadCSV, pagePrintHint, pageNone, pageReport, pageCommitteeOnly, pageCommitteeOnlyMessage, pageBadQuarter, pageBadQuarterMessage

    case pageProposals, pageProposalsSummary, pageCandidate, pageCooperative, pageRoute, pageScore, pageStatus, pageDecision, pageReason, pageNote, pageSave, pageNoProposals, pageCandidateHidden, pageStale, pageChooseDecision, pageChooseReason

    case pageHires, pageToHire, pageStartDate, pageStartHint, pageRecordHire, pageNothingToHire, pageRetentionDue, pageStillEmployed, pageYes, pageNo, pageRecordRetention, pageNothingDue, pageContact, pageBadDate, pageHired, pageChooseEmployed, pageCooperativeOnly, pageCooperativeOnlyMessage, pageNotFound, pageNotFoundMessage

    case pageRunDone, pageAsOf, pageRunMatch

    case pageAudit, pageAuditCaption, pageWhen, pageWho, pageWhat, pageRecord, pageDetail, pagePages, pageNewer, pageOlder

    case pageRecordsCaption, pageRecordsSummary, pageSearch, pagePrevious, pageNext, pageNotForRole, pageNotForRoleMessage

    case pageRecordNotFound, pageWhyTitle, pageCloseTitle, pageCloseReason, pageClose, pageBackToList

    case formRequired, pageNewParticipants, pageNewProgrammes, pageNewNeeds, pageEdit, pageEditTitle, pageSaveRecord, pageSaved, pageFormProblems, pageExample, pageHintList, pageHintCredentials, pageHintRequirements, pageHintPlace, pageHintCoordinates, pageNoChoice, pageRequiredMark, pageUpload, pageUploadIntro, pageUploadFile, pageUploadTemplate, pageUploadButton, pageUploadProblems, pageUploadDone, pageUploadNoFile, pageUploadXlsx, pageUploadTooLarge, pageUploadProblemsTitle, pageProblemPlace, uploadNotYourID, uploadNotYourOrganisation

    case pagePlace, pageProblem, pageHeaderRow, pageLine

    case pageFilterCooperative, pageFilterInstitution, pageFilterService, pageFilterWaiting, pageFilterAll, pageWaitingDays, pageOrder, pageOrderScore, pageOrderWaiting, pageOrderNeed, pageFilter, pageFilters, pageDates, pageDatesLine, pageProgrammeDates, pageWaitingSince, pageSelect, pageBulkTitle, pageBulkHint, pageBulkButton, pageBulkNone, pageBulkDone, pageBulkFailed, pageBulkTooMany, pageScoreTotal

    case pageWhatIf, pageWhatIfTitle, pageWhatIfIntro, pageWhatIfProgramme, pageWhatIfChange, pageWhatIfRun, pageWhatIfChanges, pageWhatIfResult, pageWhatIfGained, pageWhatIfLost, pageWhatIfSeats, pageWhatIfChoose

    case pageCatalogue, pageCatalogueIntro, pageContents

    case pageState, pageStateOpen, pageStateClosed, pageStateAll, pageClosedMark, pageSortedAscending, pageSortedDescending, pageSortBy

    case pageGaps, pageGapsTitle, pageGapsIntro, pageGapsNoRun, pageGapsNeeds, pageGapsPeople, pageOpenPositions, pageReasons, pageTitleColumn, pageReference

    case pageProfileCredentials, pageProfileEducation, pageProfileHours, pageProfileAvailable, pageProfileLicence, pageProfileClearances, pageProfileDistance, pageProfileHidden

    case pageTermPriority, pageTermPreference, pageTermUrgency, pageTermDistance, pageTermTraining, pageTermCost, pageTermLine, pageTermTotal

    case pageAlternatives, pageAlternativeLine, pageAlternativePlaced, pageAlternativeUnplaced, pageAlternativeVia, pageAlternativesNone

    case pageWeights, pageWeightPriority, pageWeightPreference, pageWeightUrgency, pageWeightDistance, pageWeightTraining, pageWeightCost, pageWeightDefault, pageBadWeight

    case pageAuditEntity, pageAuditID, pageEntityParticipant, pageEntityProgramme, pageEntityNeed, pageEntityInstitution, pageEntityCooperative, pageEntityProposal, pageEntityRun, pageEntityAccount, pageEntityToken

    case placeMissing, placesUnavailable, localityAmbiguous, localityUnknown, localityUnknownNearest
}
